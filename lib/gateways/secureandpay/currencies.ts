// The only currencies Secure and Pay accepts (SP5), all with 2 decimals. No server imports: the catalog uses it.
export const SECUREANDPAY_CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type SecureAndPayCurrency = (typeof SECUREANDPAY_CURRENCIES)[number];
