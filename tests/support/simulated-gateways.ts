// The whole delivery path for database tests: the gateway simulator in-process, the app's webhook route served over
// HTTP (route-bridge.ts), the gateway URLs pointed at them, and helpers to drive the simulator and drain the queue.
// Call `withSimulatedGateways()` at the top of a test file; it returns accessors valid inside tests.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, vi } from 'vitest';
import { getConnection, saveConnection } from '@/lib/gateways/connections';
import { findGateway } from '@/lib/gateways/adapters';
import { createUser } from '@/db/queries/users';
import { reloadEnv } from '@/core/env';
import { drainWebhookQueue } from '@/lib/webhooks/worker';
import { startSimulator } from '@/simulator/server';
import { startRouteBridge, type RouteBridge } from './route-bridge';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export function withSimulatedGateways() {
  let sim: Simulator | undefined;
  let bridge: RouteBridge | undefined;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, retryDelaysMs: [50, 100] });
    bridge = await startRouteBridge();
    vi.stubEnv('MERCADOPAGO_API_URL', `${sim.url}/mercadopago`);
    vi.stubEnv('SECUREANDPAY_API_URL', `${sim.url}/secureandpay`);
    vi.stubEnv('MOCKPAY_API_URL', `${sim.url}/mockpay`);
    // Mock Pay, the test-only gateway, is offered only with this set (docs/mockpay-api.md).
    vi.stubEnv('ENABLE_TEST_GATEWAYS', '1');
    vi.stubEnv('APP_URL', bridge.url);
    reloadEnv();
    // The route and the worker log each request; the assertions are on rows.
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await bridge?.close();
    await sim?.close();
  });

  const simulator = () => {
    if (!sim) throw new Error('the simulator is not started yet');
    return sim;
  };

  /** A call to the simulator's control API (README "Gateway simulator"). */
  async function control<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${simulator().url}/_sim/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Waits for the simulator's deliveries, then runs the queue until it is empty. */
  async function settle(): Promise<void> {
    await simulator().gateways.mercadopago.deliveries.idle();
    await simulator().gateways.secureandpay.deliveries.idle();
    await simulator().gateways.mockpay.deliveries.idle();
    await drainWebhookQueue();
  }

  /**
   * A new merchant connected to a new simulated Mercado Pago account whose webhooks reach the app's route.
   * `webhookSecret: false` stores none (notifications are then unverified); `accessToken` overrides the stored token.
   */
  async function connectMercadoPago(options: { webhookSecret?: boolean; accessToken?: string } = {}) {
    const merchantId = await newMerchantId();
    const account = await control<SimMercadoPagoAccount>('mercadopago/accounts', { country: 'BR' });
    const connection = await saveConnection({
      merchantId,
      gateway: 'mercadopago',
      mode: 'live',
      country: 'BR',
      externalAccountId: String(account.userId),
      publicCredentials: { publicKey: account.publicKey },
      secrets: {
        accessToken: options.accessToken ?? account.accessToken,
        ...(options.webhookSecret === false ? {} : { webhookSecret: account.webhookSecret }),
      },
    });
    await control(`mercadopago/accounts/${account.userId}/webhook`, { url: connection.webhookUrl });
    return { merchantId, account, connection };
  }

  /** A new merchant connected to a new simulated Secure and Pay site whose webhooks reach the app's route. */
  async function connectSecureAndPay() {
    const merchantId = await newMerchantId();
    const site = await control<{ siteId: string; apiSecret: string }>('secureandpay/sites', {});
    const connection = await saveConnection({
      merchantId,
      gateway: 'secureandpay',
      mode: 'live',
      externalAccountId: site.siteId,
      publicCredentials: { siteId: site.siteId },
      secrets: { apiSecret: site.apiSecret },
    });
    await control(`secureandpay/sites/${site.siteId}/webhook`, { url: connection.webhookUrl });
    return { merchantId, site, connection };
  }

  /**
   * A new merchant connected to a new simulated Mock Pay account whose webhooks reach the app's route. Connecting goes
   * through the gateway contract, as the Connect popup's action does: the adapter's connect schema and save, which
   * checks the API key with Mock Pay (`GET /v1/account`) before anything is stored.
   */
  async function connectMockPay() {
    const merchantId = await newMerchantId();
    const account = await control<SimMockPayAccount>('mockpay/accounts', {});
    const adapter = findGateway('mockpay');
    if (!adapter) throw new Error('Mock Pay is not offered: ENABLE_TEST_GATEWAYS is not set');
    const saved = await adapter.connect.withMode('connect', ({ schema, save }) => save(merchantId, schema.parse({ apiKey: account.apiKey })));
    if (saved.status !== 'success') throw new Error(`Mock Pay did not connect: ${JSON.stringify(saved)}`);
    const connection = await getConnection(merchantId, 'mockpay');
    if (!connection) throw new Error('Mock Pay connected, but no connection is stored');
    await control(`mockpay/accounts/${account.id}/webhook`, { url: connection.webhookUrl });
    return { merchantId, account, connection };
  }

  return { simulator, control, settle, connectMercadoPago, connectSecureAndPay, connectMockPay };
}

export type SimMockPayAccount = { id: string; apiKey: string };

export type SimMercadoPagoAccount = { userId: number; publicKey: string; accessToken: string; webhookSecret: string };

export async function newMerchantId(): Promise<string> {
  const user = await createUser({ name: 'Shop', email: `shop-${randomBytes(5).toString('hex')}@example.com`, passwordHash: 'x' });
  if (!user) throw new Error('no user');
  return user.id;
}
