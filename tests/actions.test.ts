// merchantAction and merchantCommand (lib/actions.ts), the only way a server action reads the session: the
// session is checked before anything else, the schema may be made from the merchant, values come back without
// secrets, and bound arguments reach the command. Then the actions converted to them, called directly (as a
// crafted POST would), with the data layer mocked: same answers as before, signed out or not.
import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { archivePriceAction, restorePriceAction, createPriceAction, updatePriceAction } from '@/app/(dashboard)/prices/actions';
import { markAlertReadAction, markAllAlertsReadAction } from '@/app/(dashboard)/alerts/actions';
import type { refundPaymentAction } from '@/app/(dashboard)/payments/[id]/actions';
import { reprocessNotificationAction } from '@/app/(dashboard)/settings/payment-gateways/[gateway]/notifications/actions';
import type { MerchantProfile } from '@/db/queries/users';
import { merchantAction, merchantCommand } from '@/lib/actions';
import { initialFormState, type FormState } from '@/lib/form-state';

const merchant: MerchantProfile = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Shop', email: 'shop@example.com', image: null, emailVerified: true, locale: 'en', timeZone: 'UTC' };
const session = vi.hoisted(() => ({ merchant: null as MerchantProfile | null }));
vi.mock('@/lib/session', () => ({ getCurrentMerchant: async () => session.merchant }));

const db = vi.hoisted(() => ({
  markAlertRead: vi.fn(async (_merchantId: string, _id: string) => true),
  markAllAlertsRead: vi.fn(async (_merchantId: string) => 2),
  archivePrice: vi.fn(async (_merchantId: string, _priceId: string) => true),
  restorePrice: vi.fn(async (_merchantId: string, _priceId: string) => true),
  createPrice: vi.fn(async (_merchantId: string, _data: unknown): Promise<{ ok: boolean; error?: string; price?: { id: string } }> => ({ ok: true, price: { id: 'new-id' } })),
  updatePrice: vi.fn(async (_merchantId: string, priceId: string, _data: unknown): Promise<{ ok: boolean; error?: string; price?: { id: string } }> => ({
    ok: true,
    price: { id: priceId },
  })),
  getPriceRules: vi.fn(async (_merchantId: string) => ({ secureandpay: { currencies: [{ code: 'USD', digits: 2 }], country: null } })),
  requeueNotification: vi.fn(async (_merchantId: string, _eventId: string) => true),
}));
vi.mock('@/db/queries/alerts', () => ({ markAlertRead: db.markAlertRead, markAllAlertsRead: db.markAllAlertsRead }));
vi.mock('@/db/queries/prices', () => ({
  archivePrice: db.archivePrice,
  restorePrice: db.restorePrice,
  createPrice: db.createPrice,
  updatePrice: db.updatePrice,
}));
vi.mock('@/lib/prices/rules', () => ({ getPriceRules: db.getPriceRules }));
vi.mock('@/db/queries/webhook-events', () => ({ requeueNotification: db.requeueNotification }));
vi.mock('@/lib/webhooks/worker', () => ({ kickWebhookWorker: async () => {} }));

const next = vi.hoisted(() => ({
  revalidatePath: vi.fn(),
  redirect: vi.fn((url: string): never => {
    throw new Error(`redirect ${url}`);
  }),
  after: vi.fn(),
}));
vi.mock('next/cache', () => ({ revalidatePath: next.revalidatePath }));
vi.mock('next/navigation', () => ({ redirect: next.redirect }));
vi.mock('next/server', () => ({ after: next.after }));

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

const signedOut: FormState = { status: 'error', message: 'errors.signedOut' };

beforeEach(() => {
  session.merchant = merchant;
  vi.clearAllMocks();
});

describe('merchantAction', () => {
  const schema = z.object({ name: z.string().min(1, 'enterName'), secret: z.string().min(8, 'secretTooShort') });

  it('answers signed out before reading the form or making the schema', async () => {
    session.merchant = null;
    const makeSchema = vi.fn((_merchant: MerchantProfile) => schema);
    const action = vi.fn(async (): Promise<FormState> => ({ status: 'success' }));
    expect(await merchantAction(makeSchema, action)(initialFormState, form({ name: 'x', secret: 'y' }))).toEqual(signedOut);
    expect(makeSchema).not.toHaveBeenCalled();
    expect(action).not.toHaveBeenCalled();
  });

  it('makes the schema from the merchant of the session, sync or async', async () => {
    const onlyOwnName = (current: MerchantProfile) => z.object({ name: z.literal(current.name, { error: 'notYourName' }) });
    for (const makeSchema of [onlyOwnName, async (current: MerchantProfile) => onlyOwnName(current)]) {
      const action = merchantAction(makeSchema, async (data, current) => ({ status: 'success', message: `${data.name}:${current.id}` }));
      expect(await action(initialFormState, form({ name: 'Shop' }))).toEqual({ status: 'success', message: `Shop:${merchant.id}` });
      expect(await action(initialFormState, form({ name: 'Other' }))).toEqual({
        status: 'error',
        fieldErrors: { name: ['notYourName'] },
        values: { name: 'Other' },
      });
    }
  });

  it('passes the parsed data, the session’s merchant and the form data to the action', async () => {
    const action = vi.fn(async (): Promise<FormState> => ({ status: 'success' }));
    const data = form({ name: 'Shop', secret: 'long enough', merchantId: 'someone-else' });
    await merchantAction(schema, action)(initialFormState, data);
    expect(action).toHaveBeenCalledWith({ name: 'Shop', secret: 'long enough' }, merchant, data);
  });

  it('gives field errors, echoing the values but not the secret fields nor Next’s $ACTION fields', async () => {
    const action = vi.fn(async (): Promise<FormState> => ({ status: 'success' }));
    const state = await merchantAction(schema, action, { secretFields: ['secret'] })(
      initialFormState,
      form({ name: '', secret: 'short', $ACTION_ID_abc: '' }),
    );
    expect(state).toEqual({ status: 'error', fieldErrors: { name: ['enterName'], secret: ['secretTooShort'] }, values: { name: '' } });
    expect(action).not.toHaveBeenCalled();
  });

  it('echoes the values (minus secrets) with the action’s own error, and not with a success', async () => {
    const failing = merchantAction(schema, async () => ({ status: 'error', message: 'errors.unexpected' }), { secretFields: ['secret'] });
    expect(await failing(initialFormState, form({ name: 'Shop', secret: 'long enough' }))).toEqual({
      status: 'error',
      message: 'errors.unexpected',
      values: { name: 'Shop' },
    });
    const passing = merchantAction(schema, async () => ({ status: 'success', message: 'saved' }), { secretFields: ['secret'] });
    expect(await passing(initialFormState, form({ name: 'Shop', secret: 'long enough' }))).toEqual({ status: 'success', message: 'saved' });
  });
});

describe('merchantCommand', () => {
  it('answers signed out before the command runs', async () => {
    session.merchant = null;
    const command = vi.fn(async (_merchant: MerchantProfile, _id: string): Promise<FormState> => ({ status: 'success' }));
    expect(await merchantCommand(command)('an-id', initialFormState, new FormData())).toEqual(signedOut);
    expect(command).not.toHaveBeenCalled();
  });

  it('passes the merchant and the bound arguments, not the previous state nor the form data', async () => {
    const command = vi.fn(async (_merchant: MerchantProfile, _id: string, _name: string): Promise<FormState> => ({ status: 'success' }));
    const bound = merchantCommand(command).bind(null, 'an-id', 'A name');
    expect(await bound({ status: 'error', message: 'before' }, form({ ignored: 'x' }))).toEqual({ status: 'success' });
    expect(command).toHaveBeenCalledWith(merchant, 'an-id', 'A name');
  });

  it('takes no bound arguments for a form without fields', async () => {
    const command = vi.fn(async (_merchant: MerchantProfile): Promise<FormState> => ({ status: 'success' }));
    await merchantCommand(command)(initialFormState, new FormData());
    expect(command).toHaveBeenCalledWith(merchant);
  });

  it('is typed as its callers see it: bound arguments, then (prevState, formData)', () => {
    const command = merchantCommand(async (_merchant: MerchantProfile, _id: string, _count: number): Promise<FormState> => ({ status: 'idle' }));
    expectTypeOf(command).parameters.toEqualTypeOf<[string, number, FormState, FormData]>();
    expectTypeOf(command.bind(null, 'id', 1)).toEqualTypeOf<(prev: FormState, formData: FormData) => Promise<FormState>>();
    expectTypeOf(markAlertReadAction).parameters.toEqualTypeOf<[string, FormState, FormData]>();
    expectTypeOf(markAllAlertsReadAction).parameters.toEqualTypeOf<[FormState, FormData]>();
    expectTypeOf(archivePriceAction).parameters.toEqualTypeOf<[string, FormState, FormData]>();
    expectTypeOf(restorePriceAction).parameters.toEqualTypeOf<[string, FormState, FormData]>();
    expectTypeOf(reprocessNotificationAction).parameters.toEqualTypeOf<[string, FormState, FormData]>();
    expectTypeOf<typeof refundPaymentAction>().parameters.toEqualTypeOf<[string, FormState, FormData]>();
  });
});

describe('the converted actions', () => {
  const alertId = '0b8f2f3e-1c1a-4c55-9a8e-6f1f0a2b3c4d';

  it('answer signed out without touching the data layer', async () => {
    session.merchant = null;
    expect(await markAlertReadAction(alertId, initialFormState, new FormData())).toEqual(signedOut);
    expect(await markAllAlertsReadAction(initialFormState, new FormData())).toEqual(signedOut);
    expect(await archivePriceAction('p', initialFormState, new FormData())).toEqual(signedOut);
    expect(await restorePriceAction('p', initialFormState, new FormData())).toEqual(signedOut);
    expect(await reprocessNotificationAction('e', initialFormState, new FormData())).toEqual(signedOut);
    expect(await createPriceAction(initialFormState, form({ name: 'x' }))).toEqual(signedOut);
    expect(await updatePriceAction('p', initialFormState, form({ name: 'x' }))).toEqual(signedOut);
    for (const fn of Object.values(db)) expect(fn).not.toHaveBeenCalled();
    expect(next.revalidatePath).not.toHaveBeenCalled();
  });

  it('mark an alert read for the session’s merchant, and refuse an id that is not a uuid', async () => {
    expect(await markAlertReadAction.bind(null, alertId)(initialFormState, new FormData())).toEqual({ status: 'success', message: 'alerts.markedRead' });
    expect(db.markAlertRead).toHaveBeenCalledWith(merchant.id, alertId);
    expect(next.revalidatePath).toHaveBeenCalledWith('/', 'layout');
    expect(await markAlertReadAction('not-a-uuid', initialFormState, new FormData())).toEqual({ status: 'error', message: 'alerts.notFound' });
    expect(db.markAlertRead).toHaveBeenCalledTimes(1);
    expect(await markAllAlertsReadAction(initialFormState, new FormData())).toEqual({ status: 'success', message: 'alerts.allMarkedRead' });
    expect(db.markAllAlertsRead).toHaveBeenCalledWith(merchant.id);
  });

  it('archive and restore a price with its bound id, and go back to the list that confirms it', async () => {
    await expect(archivePriceAction.bind(null, 'price-id')(initialFormState, new FormData())).rejects.toThrow('redirect /prices?done=archived&price=price-id');
    expect(db.archivePrice).toHaveBeenCalledWith(merchant.id, 'price-id');
    expect(next.revalidatePath).toHaveBeenCalledWith('/prices');
    db.archivePrice.mockResolvedValueOnce(false);
    expect(await archivePriceAction('price-id', initialFormState, new FormData())).toEqual({ status: 'error', message: 'errors.priceNotFound' });
    await expect(restorePriceAction.bind(null, 'price-id')(initialFormState, new FormData())).rejects.toThrow(
      'redirect /prices?view=archived&done=restored&price=price-id',
    );
    expect(db.restorePrice).toHaveBeenCalledWith(merchant.id, 'price-id');
    db.restorePrice.mockResolvedValueOnce(false);
    expect(await restorePriceAction('price-id', initialFormState, new FormData())).toEqual({ status: 'error', message: 'errors.priceNotFound' });
  });

  it('requeue a notification with its bound id', async () => {
    expect(await reprocessNotificationAction('event-id', initialFormState, new FormData())).toEqual({ status: 'success', message: 'notifications.requeued' });
    expect(db.requeueNotification).toHaveBeenCalledWith(merchant.id, 'event-id');
    expect(next.after).toHaveBeenCalledTimes(1);
    db.requeueNotification.mockResolvedValueOnce(false);
    expect(await reprocessNotificationAction('event-id', initialFormState, new FormData())).toEqual({ status: 'error', message: 'notifications.notRequeued' });
  });

  it('check a price against the session merchant’s connected gateways, then save it and go back to the list', async () => {
    const price = { name: 'Basics', gateway: 'secureandpay', currency: 'USD', amount: '49.90', kind: 'one_time' };
    const refused = await createPriceAction(initialFormState, form({ ...price, gateway: 'mercadopago' }));
    expect(refused).toMatchObject({ status: 'error', fieldErrors: { gateway: ['priceGatewayNotConnected'] }, values: { gateway: 'mercadopago' } });
    expect(db.getPriceRules).toHaveBeenCalledWith(merchant.id);
    expect(db.createPrice).not.toHaveBeenCalled();

    await expect(createPriceAction(initialFormState, form(price))).rejects.toThrow('redirect /prices?done=created&price=new-id');
    expect(db.createPrice).toHaveBeenCalledWith(merchant.id, expect.objectContaining({ gateway: 'secureandpay', amountMinor: 4990 }));
    await expect(updatePriceAction.bind(null, 'price-id')(initialFormState, form(price))).rejects.toThrow('redirect /prices?done=saved&price=price-id');
    expect(db.updatePrice).toHaveBeenCalledWith(merchant.id, 'price-id', expect.objectContaining({ name: 'Basics' }));
    expect(next.revalidatePath).toHaveBeenCalledWith('/prices');

    db.updatePrice.mockResolvedValueOnce({ ok: false, error: 'not_found' });
    expect(await updatePriceAction('price-id', initialFormState, form(price))).toEqual({ status: 'error', message: 'errors.priceNotFound', values: price });
  });
});
