import { expect, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from '../support/a11y';

export type GatewayName = 'Mercado Pago' | 'Secure and Pay' | 'Mock Pay';
export type MercadoPagoCredentials = { publicKey: string; accessToken: string; country: string; webhookSecret?: string };
export type SecureAndPayCredentials = { siteId: string; apiSecret: string };

/** Settings → Payment gateways, and the Connect / Manage popups. */
export class GatewaysPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/settings/payment-gateways');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Payment gateways' })).toBeVisible();
    await expectAccessible(this.page);
  }

  card(gateway: GatewayName): Locator {
    return this.page.getByRole('article', { name: gateway });
  }

  dialog(title: string): Locator {
    return this.page.getByRole('dialog', { name: title });
  }

  async openConnect(gateway: GatewayName): Promise<Locator> {
    await this.card(gateway).getByRole('link', { name: new RegExp(`^(Connect|Continue connecting) ${gateway}$`) }).click();
    const dialog = this.dialog(`Connect ${gateway}`);
    await expect(dialog).toBeVisible();
    await expectAccessible(this.page);
    return dialog;
  }

  async openManage(gateway: GatewayName): Promise<Locator> {
    await this.card(gateway).getByRole('link', { name: `Manage ${gateway}` }).click();
    const dialog = this.dialog(`Manage ${gateway}`);
    await expect(dialog).toBeVisible();
    await expectAccessible(this.page);
    return dialog;
  }

  async fillMercadoPago(scope: Locator, credentials: MercadoPagoCredentials): Promise<void> {
    await scope.getByLabel('API Public Key').fill(credentials.publicKey);
    await scope.getByLabel('Access Token').fill(credentials.accessToken);
    await scope.getByLabel('Country').selectOption({ label: credentials.country });
    await scope.getByLabel('Webhook secret signature').fill(credentials.webhookSecret ?? '');
  }

  async fillSecureAndPay(scope: Locator, credentials: SecureAndPayCredentials): Promise<void> {
    await scope.getByLabel('Site ID').fill(credentials.siteId);
    await scope.getByLabel('API secret key').fill(credentials.apiSecret);
  }

  /** Mock Pay, the test-only gateway (offered when the app runs with ENABLE_TEST_GATEWAYS=1): one API key. */
  async fillMockPay(scope: Locator, apiKey: string): Promise<void> {
    await scope.getByLabel('API key').fill(apiKey);
  }

  async save(scope: Locator): Promise<void> {
    await scope.getByRole('button', { name: 'Save' }).click();
  }

  async connectMercadoPago(credentials: MercadoPagoCredentials): Promise<string> {
    const dialog = await this.openConnect('Mercado Pago');
    await this.fillMercadoPago(dialog, credentials);
    await this.save(dialog);
    await expect(dialog.getByRole('heading', { name: 'Mercado Pago is connected' })).toBeVisible();
    return dialog.getByLabel('Webhook URL', { exact: true }).inputValue();
  }

  async connectSecureAndPay(credentials: SecureAndPayCredentials): Promise<string> {
    const dialog = await this.openConnect('Secure and Pay');
    const url = await dialog.getByLabel('Webhook URL', { exact: true }).inputValue();
    await this.fillSecureAndPay(dialog, credentials);
    await this.save(dialog);
    await expect(dialog.getByRole('heading', { name: 'Secure and Pay is connected' })).toBeVisible();
    return url;
  }

  async connectMockPay(apiKey: string): Promise<string> {
    const dialog = await this.openConnect('Mock Pay');
    await this.fillMockPay(dialog, apiKey);
    await this.save(dialog);
    await expect(dialog.getByRole('heading', { name: 'Mock Pay is connected' })).toBeVisible();
    return dialog.getByLabel('Webhook URL', { exact: true }).inputValue();
  }

  formAlert(scope: Locator): Locator {
    return scope.getByRole('alert');
  }

  async close(scope: Locator): Promise<void> {
    await scope.getByRole('button', { name: 'Close' }).click();
    await expect(scope).toBeHidden();
    await expect(this.page).toHaveURL(/\/settings\/payment-gateways$/);
  }
}
