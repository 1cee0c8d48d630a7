// What the UI needs to show Mercado Pago; no server imports, so client components may use it.
export const mercadopagoDefinition = {
  id: 'mercadopago',
  name: 'Mercado Pago',
  logo: '/gateways/mercadopago.svg',
} as const;
