// The gateway contract's texts and registries: every message key a catalog names exists (keys are data, so a typo
// would otherwise only show at run time), each registry covers every gateway id, and a test-only gateway is not
// offered unless the test suites ask for it.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reloadEnv } from '@/core/env';
import { GATEWAY_IDS } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import { findGateway, gatewayOf, listGateways } from '@/lib/gateways/adapters';
import type { MessageTree } from '@/lib/gateways/catalog-types';
import { englishMessages } from '@/lib/i18n/messages';

function hasMessage(tree: MessageTree, key: string): boolean {
  let node: MessageTree | string | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string';
}

describe('gateway catalogs', () => {
  let messages: MessageTree = {};
  beforeAll(async () => {
    messages = await englishMessages();
  });

  it.each(GATEWAY_IDS)('%s: every message key it names exists, field errors under "errors"', (id) => {
    const { description, prices, failures, testModeWarning } = GATEWAY_CATALOG[id];
    const keys = [description, ...(testModeWarning ? [testModeWarning] : []), prices.messages.currencyHint, prices.messages.wholeAmountHint, prices.messages.intervalHint, ...Object.values(prices.messages.intervalChoices), failures.refunds.reason, ...(failures.retries ? [failures.retries.explanation] : [])];
    const fieldErrors = [prices.messages.wrongCurrency, prices.messages.wrongKind, prices.messages.wrongUnit].map((key) => `errors.${key}`);
    const testMessage = gatewayOf(id).testNotification.realGatewayMessage;
    expect([...keys, ...fieldErrors, testMessage].filter((key) => !hasMessage(messages, key))).toEqual([]);
  });

  it.each(GATEWAY_IDS)('%s: the registries agree on its id', (id) => {
    expect(GATEWAY_CATALOG[id].id).toBe(id);
    expect(gatewayOf(id).catalog).toBe(GATEWAY_CATALOG[id]);
  });

  it('a gateway’s own texts merge into the app’s at their key paths', () => {
    expect(hasMessage(messages, 'connect.mercadopago.publicKey')).toBe(true);
    expect(hasMessage(messages, 'connect.webhookUrl')).toBe(true);
  });
});

describe('test-only gateways', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    reloadEnv();
  });

  it('are offered only with ENABLE_TEST_GATEWAYS', () => {
    vi.stubEnv('ENABLE_TEST_GATEWAYS', '');
    reloadEnv();
    expect(findGateway('mockpay')).toBeUndefined();
    expect(listGateways().map((adapter) => adapter.catalog.id)).toEqual(['mercadopago', 'secureandpay']);
    vi.stubEnv('ENABLE_TEST_GATEWAYS', '1');
    reloadEnv();
    expect(findGateway('mockpay')?.catalog.name).toBe('Mock Pay');
    expect(findGateway('constructor')).toBeUndefined();
  });
});
