// Why a payment is where it is, in words (issue 12): the gateway's status detail as a sentence for the merchant
// (what happened, what to do) or for the customer, from the gateway's own texts (lib/gateways/explain.ts). The raw
// code stays a secondary detail: in smaller text under the merchant's sentence; a code the gateway does not list
// is quoted in the generic sentence itself, so the customer can tell the seller. Not async: usable in server and
// client components alike.
import { useTranslations } from 'next-intl';
import type { GatewayId } from '@/core/gateway-ids';
import { explainStatusDetail, REASON_CODE_LABEL, reasonValues, type ReasonAudience } from '@/lib/gateways/explain';

type Props = {
  gateway: GatewayId;
  /** The status detail as the gateway sent it (Mercado Pago status_detail, Secure and Pay failure_reason). */
  code: string | null | undefined;
  audience: ReasonAudience;
  /** Show the raw code under a known code's sentence; by default for the merchant only. */
  showCode?: boolean;
  className?: string;
};

/** Renders nothing without a code, so a details row holding it can be left out (`code ? <PaymentReason …/> : null`). */
export function PaymentReason({ gateway, code, audience, showCode = audience === 'merchant', className }: Props) {
  const t = useTranslations();
  const reason = explainStatusDetail(gateway, code, audience);
  if (reason.code === null) return null;
  const values = reasonValues(gateway, reason.code);
  return (
    <span className={`flex flex-col gap-0.5 ${className ?? ''}`}>
      <span>{t(reason.key, values)}</span>
      {showCode && reason.known ? <span className="text-xs text-slate-600 break-all">{t(REASON_CODE_LABEL, values)}</span> : null}
    </span>
  );
}
