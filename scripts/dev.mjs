// `npm run dev`: the bundled gateway simulator plus `next dev`, wired together. Unless a gateway's <ID>_API_URL
// (MERCADOPAGO_API_URL, SECUREANDPAY_API_URL, …) is set, the app talks to the simulator, so everything works offline.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The gateway ids, from their one list (core/gateway-ids.ts): the simulator serves each under /<id>. */
const gatewayIds = [...readFileSync(new URL('../core/gateway-ids.ts', import.meta.url), 'utf8').matchAll(/GATEWAY_IDS = \[([^\]]*)\]/g)]
  .flatMap((match) => match[1].split(','))
  .map((id) => id.trim().replace(/^'|'$/g, ''))
  .filter(Boolean);

const simPort = process.env.SIM_PORT ?? '4010';
const simulatorUrl = `http://127.0.0.1:${simPort}`;
const env = {
  ...process.env,
  SIM_PORT: simPort,
  NEXT_TELEMETRY_DISABLED: '1',
  ...Object.fromEntries(gatewayIds.map((id) => [`${id.toUpperCase()}_API_URL`, process.env[`${id.toUpperCase()}_API_URL`] ?? `${simulatorUrl}/${id}`])),
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
