// The four countries a Mercado Pago account can be connected for (seed MP2, MP6), and what each implies.
// No server imports: the connect popup (client) and the server both read it.
//
// `name` is an English label for code and logs; UI text comes from messages/*.json.
// `currencyDigits` is how many decimals Mercado Pago accepts in amounts of that currency. It follows ISO 4217
// except for COP: ISO gives the Colombian peso 2 minor-unit digits, but Mercado Pago only accepts whole pesos
// ("Prices in COP currency must be expressed with integer values", see https://github.com/odoo/odoo/pull/185664;
// Mercado Pago's own plugins strip decimals for MCO, https://github.com/mercadopago/cart-woocommerce/pull/32).
// So COP prices are whole pesos here (0), and a price entered with centavos must be refused, not rounded.
export const MERCADOPAGO_COUNTRIES = [
  { countryId: 'BR', siteId: 'MLB', name: 'Brazil', currency: 'BRL', currencyDigits: 2 },
  { countryId: 'CO', siteId: 'MCO', name: 'Colombia', currency: 'COP', currencyDigits: 0 },
  { countryId: 'MX', siteId: 'MLM', name: 'Mexico', currency: 'MXN', currencyDigits: 2 },
  { countryId: 'AR', siteId: 'MLA', name: 'Argentina', currency: 'ARS', currencyDigits: 2 },
] as const;

export type MercadoPagoCountry = (typeof MERCADOPAGO_COUNTRIES)[number];
/** `country_id` in Mercado Pago's API (ISO 3166-1 alpha-2). */
export type MercadoPagoCountryId = MercadoPagoCountry['countryId'];
/** `site_id` in Mercado Pago's API: the Mercado Libre site the account belongs to. */
export type MercadoPagoSiteId = MercadoPagoCountry['siteId'];
export type MercadoPagoCurrency = MercadoPagoCountry['currency'];

/** The supported country of a `site_id`, or undefined for a site we do not support (e.g. MLC, Chile). */
export function findCountryBySiteId(siteId: string): MercadoPagoCountry | undefined {
  return MERCADOPAGO_COUNTRIES.find((country) => country.siteId === siteId);
}

/** The supported country with this `country_id`, or undefined. */
export function findCountryById(countryId: string): MercadoPagoCountry | undefined {
  return MERCADOPAGO_COUNTRIES.find((country) => country.countryId === countryId);
}
