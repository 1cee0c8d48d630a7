// `npm run dev`: the bundled gateway simulator plus `next dev`, wired together. Unless MERCADOPAGO_API_URL /
// SECUREANDPAY_API_URL are set, the app talks to the simulator, so everything works offline.
import { spawn } from 'node:child_process';

const simPort = process.env.SIM_PORT ?? '4010';
const simulatorUrl = `http://127.0.0.1:${simPort}`;
const env = {
  ...process.env,
  SIM_PORT: simPort,
  NEXT_TELEMETRY_DISABLED: '1',
  MERCADOPAGO_API_URL: process.env.MERCADOPAGO_API_URL ?? `${simulatorUrl}/mercadopago`,
  SECUREANDPAY_API_URL: process.env.SECUREANDPAY_API_URL ?? `${simulatorUrl}/secureandpay`,
};

const children = [
  spawn('npx', ['tsx', 'simulator/main.ts'], { stdio: 'inherit', env }),
  spawn('npx', ['next', 'dev'], { stdio: 'inherit', env }),
];

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
};
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
