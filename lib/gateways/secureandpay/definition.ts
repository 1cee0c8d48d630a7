// What the UI needs to show Secure and Pay; no server imports, so client components may use it.
export const secureandpayDefinition = {
  id: 'secureandpay',
  name: 'Secure and Pay',
  logo: '/gateways/secureandpay.svg',
} as const;
