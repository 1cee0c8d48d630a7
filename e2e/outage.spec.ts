// Runs in its own Playwright project, after every other test: the simulator's outage switch is global.
import { test, expect } from './fixtures';
import { simulator } from './support/simulator';

test.afterEach(async () => {
  await simulator.setOutage('mercadopago', false);
  await simulator.setOutage('secureandpay', false);
});

test('a gateway that cannot be reached gets a clear error and nothing is saved', async ({ merchant, gateways }) => {
  expect(merchant.name).toBeTruthy();
  const account = await simulator.createMercadoPagoAccount('BR');
  const site = await simulator.createSecureAndPaySite();
  await simulator.setOutage('mercadopago', true);
  await simulator.setOutage('secureandpay', true);
  await gateways.open();

  const mercadoPago = await gateways.openConnect('Mercado Pago');
  await gateways.fillMercadoPago(mercadoPago, { ...account, country: 'Brazil' });
  await gateways.save(mercadoPago);
  await expect(gateways.formAlert(mercadoPago)).toHaveText(/Mercado Pago could not be reached/);
  await expect(mercadoPago.getByLabel('Access Token')).toHaveValue(account.accessToken);
  await gateways.close(mercadoPago);

  const secureAndPay = await gateways.openConnect('Secure and Pay');
  await gateways.fillSecureAndPay(secureAndPay, site);
  await gateways.save(secureAndPay);
  await expect(gateways.formAlert(secureAndPay)).toHaveText(/Secure and Pay could not be reached/);
  await gateways.close(secureAndPay);

  await expect(gateways.card('Mercado Pago')).toContainText('Not connected');
  await expect(gateways.card('Secure and Pay')).toContainText('Waiting for credentials');
});
