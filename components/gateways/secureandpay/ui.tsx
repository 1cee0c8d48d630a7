// Secure and Pay's pieces of the Connect and Manage popups (components/gateways/ui-types.ts).
import { useTranslations } from 'next-intl';
import type { GatewayUi } from '@/components/gateways/ui-types';
import { InstructionSteps } from '../instruction-steps';
import { WebhookUrl } from '../webhook-url';
import { SecureAndPayCredentialsForm } from './credentials-form';

/** SP1–SP2: send the URL to support; the credentials come back by email. */
function SetupInstructions() {
  return (
    <InstructionSteps
      id="secureandpay-instructions"
      namespace="connect.secureandpay"
      titleKey="instructionsTitle"
      stepKeys={['instruction1', 'instruction2', 'instruction3']}
    />
  );
}

/** SP1: the webhook URL comes first, before any credentials exist, and stays the same after saving (SP3). */
function ConnectPanel({ connection }: { connection: { webhookUrl: string } | undefined }) {
  const t = useTranslations('connect.secureandpay');
  return (
    <div className="flex flex-col gap-4">
      {connection ? <WebhookUrl url={connection.webhookUrl} /> : null}
      <p className="text-sm text-slate-700">{t('urlIsFinal')}</p>
      <SetupInstructions />
      <SecureAndPayCredentialsForm mode="connect" />
    </div>
  );
}

export const secureandpayUi: GatewayUi = {
  ConnectPanel,
  UpdateForm: ({ connection }) => (
    <SecureAndPayCredentialsForm mode="update" siteId={connection.publicCredentials.siteId ?? ''} apiSecretLast4={connection.secretMasks.apiSecret} />
  ),
  SetupInstructions,
};
