// A payment method by its name (issue 12): the gateway's method id (Mercado Pago payment_method_id: visa → Visa,
// pix → Pix, bolbradesco → Boleto), else its type (credit_card → Credit card) with the unknown id beside it in
// smaller text, else the raw value; a dash when the gateway named none. Names come from the gateway's own texts
// (lib/gateways/explain.ts). Not async: usable in server and client components alike.
import { useTranslations } from 'next-intl';
import type { GatewayId } from '@/core/gateway-ids';
import { paymentMethodName } from '@/lib/gateways/explain';

type Props = {
  gateway: GatewayId;
  /** The gateway's method id (payments.paymentMethodId; may be null in rows recorded before it was kept). */
  method?: string | null;
  /** The method's type (payments.paymentMethodType, charges' paymentMethodType). */
  type?: string | null;
};

export function PaymentMethodName({ gateway, method, type }: Props) {
  const t = useTranslations();
  const name = paymentMethodName(gateway, method, type);
  if (!name.key) return <span>{name.raw ?? t('payments.none')}</span>;
  return (
    <span>
      {t(name.key)}
      {name.raw ? <span className="text-xs text-slate-600"> ({name.raw})</span> : null}
    </span>
  );
}
