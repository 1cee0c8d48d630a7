// Every topic Mercado Pago may send, in the shapes the simulator sends them (simulator/mercadopago/topics.ts, from
// Mercado Pago's docs): each reaches the real route signed, is stored once and answered 2xx, and is recorded as
// acknowledged with its topic, never refused — a fraud alert answered with anything else is lost (GW-MP14).
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { webhookEvents } from '@/db/schema';
import { describeEachDatabase } from '../support/databases';
import { withSimulatedGateways } from '../support/simulated-gateways';

const { simulator, control, settle, connectMercadoPago } = withSimulatedGateways();

const TOPICS = [
  'stop_delivery_op_wh',
  'automatic-payments',
  'point_integration_wh',
  'delivery',
  'mp-connect',
  'topic_merchant_order_wh',
  'topic_chargebacks_wh',
  'topic_claims_integration_wh',
] as const;

describeEachDatabase('other Mercado Pago topics, end to end', (current) => {
  it('stores each once, verified, answers 2xx and records it as acknowledged with its topic', async () => {
    const { account, connection } = await connectMercadoPago();
    for (const topic of TOPICS) {
      const sent = await control<{ sent: boolean }>(`mercadopago/accounts/${account.userId}/notifications`, { topic });
      expect(sent.sent, topic).toBe(true);
    }
    await settle();
    const rows = await current().db.select().from(webhookEvents).where(eq(webhookEvents.accountId, connection.id));
    expect(rows).toHaveLength(TOPICS.length);
    for (const row of rows) {
      expect(row.verification, row.type).toBe('verified');
      expect(row.status, row.type).toBe('ignored');
      expect(row.result, row.type).toMatch(/recorded, not processed/);
    }
    // Every topic is named as such on its row (Delivery names itself in `topic`, Card Updater in `type`).
    expect(rows.map((row) => row.type).sort()).toEqual(expect.arrayContaining(['stop_delivery_op_wh', 'mp-connect', 'topic_chargebacks_wh']));
    // Nothing was refused or retried: each was answered 2xx the first time.
    const log = await fetch(`${simulator().url}/_sim/mercadopago/deliveries?userId=${account.userId}`).then(
      (response) => response.json() as Promise<{ deliveries: { topic: string; attempt: number; status: number | null }[] }>,
    );
    expect(log.deliveries).toHaveLength(TOPICS.length);
    for (const delivery of log.deliveries) expect([delivery.topic, delivery.attempt, delivery.status]).toEqual([delivery.topic, 1, 200]);
  });
});
