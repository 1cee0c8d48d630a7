// `npm run sim`: the gateway simulator on its own, for `npm run dev` and for people poking at it with curl.
// The only simulator file that reads process.env.
import { DEFAULT_SIMULATOR_PORT, startSimulator } from './server';

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SIMULATOR_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SIM_PORT must be a port number (0–65535), got "${value}"`);
  }
  return port;
}

async function main() {
  const simulator = await startSimulator({ port: portFromEnv(process.env.SIM_PORT) });
  console.info(`Gateway simulator on ${simulator.url}`);
  console.info(`  MERCADOPAGO_API_URL=${simulator.url}/mercadopago`);
  console.info(`  SECUREANDPAY_API_URL=${simulator.url}/secureandpay`);
  console.info(`  control API: ${simulator.url}/_sim (see simulator/README.md), e.g.`);
  console.info(`  curl -s -X POST ${simulator.url}/_sim/mercadopago/accounts -d '{"country":"BR"}'`);

  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
