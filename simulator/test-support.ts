// For the simulator's own tests: one simulator for the file and a fresh webhook receiver per test, reset between
// tests. Call at the top of a test file; the accessors are valid inside tests.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type RunningSimulator } from './server';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

export function withSimulatorAndReceiver(retryDelaysMs: number[]) {
  let sim: RunningSimulator | undefined;
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, retryDelaysMs });
  });
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await fetch(`${sim?.url}/_sim/reset`, { method: 'POST' });
    await receiver?.close();
  });
  afterAll(async () => {
    await sim?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is not started yet`);
    return value;
  };
  return { sim: () => started(sim, 'the simulator'), receiver: () => started(receiver, 'the webhook receiver') };
}
