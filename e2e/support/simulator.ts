// The bundled gateway simulator's control API, as tests and people use it (README "Gateway simulator").
import { expect } from '@playwright/test';
import { e2eSimulatorUrl as simulatorUrl } from './settings';

async function control<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${simulatorUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `simulator ${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

export type SimMercadoPagoAccount = { userId: number; publicKey: string; accessToken: string; webhookSecret: string };
export type SimSecureAndPaySite = { siteId: string; apiSecret: string };

export const simulator = {
  createMercadoPagoAccount: (country: 'BR' | 'CO' | 'MX' | 'AR', mode: 'live' | 'test' = 'live') =>
    control<SimMercadoPagoAccount>('/_sim/mercadopago/accounts', { country, mode }),
  createSecureAndPaySite: () => control<SimSecureAndPaySite>('/_sim/secureandpay/sites', { name: 'E2E shop' }),
  setOutage: (gateway: 'mercadopago' | 'secureandpay', down: boolean) => control<unknown>(`/_sim/${gateway}/outage`, { down }),
};

export const simulatorControl = control;

export const mercadoPagoSim = {
  setWebhook: (userId: number, url: string) => control<unknown>(`/_sim/mercadopago/accounts/${userId}/webhook`, { url }),
  createPayment: (body: Record<string, unknown>) => control<{ id: number }>('/_sim/mercadopago/payments', { notify: true, ...body }),
  createPreapproval: (body: Record<string, unknown>) => control<{ id: string }>('/_sim/mercadopago/preapprovals', { notify: true, ...body }),
  charge: (preapprovalId: string, body: Record<string, unknown>) =>
    control<{ id: number; retry_attempt: number; next_retry_date: string | null; debit_date: string }>(`/_sim/mercadopago/preapprovals/${preapprovalId}/charges`, { notify: true, ...body }),
  /** A refund made at Mercado Pago (no amount: the rest). */
  refund: (paymentId: number, amount?: number) => control<{ id: number }>(`/_sim/mercadopago/payments/${paymentId}/refunds`, amount === undefined ? {} : { amount }),
  chargeback: (paymentId: number, statusDetail: 'in_process' | 'settled' | 'reimbursed') => control<unknown>(`/_sim/mercadopago/payments/${paymentId}/chargeback`, { status_detail: statusDetail }),
  dispute: (paymentId: number) => control<unknown>(`/_sim/mercadopago/payments/${paymentId}/dispute`, {}),
  /** While on, the account's notifications are not delivered at all (a webhook that was never configured). */
  dropNotifications: (userId: number, drop: boolean) => control<unknown>(`/_sim/mercadopago/accounts/${userId}/delivery-options`, { drop }),
};

export const secureAndPaySim = {
  setWebhook: (siteId: string, url: string) => control<unknown>(`/_sim/secureandpay/sites/${siteId}/webhook`, { url }),
  createPayment: (body: Record<string, unknown>) => control<{ id: string }>('/_sim/secureandpay/payments', { notify: true, ...body }),
};
