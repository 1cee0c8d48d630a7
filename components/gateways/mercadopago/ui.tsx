// Mercado Pago's pieces of the Connect and Manage popups (components/gateways/ui-types.ts).
import { useTranslations } from 'next-intl';
import type { GatewayUi } from '@/components/gateways/ui-types';
import type { MercadoPagoCountryId } from '@/lib/gateways/mercadopago/schema';
import { InstructionSteps } from '../instruction-steps';
import { MercadoPagoCredentialsForm } from './credentials-form';

/**
 * MP3: where the merchant finds the credentials, with a link to Mercado Pago's Your integrations. The steps fold away
 * (issue 15: Save must stay on screen at 1280×800); the link stays in sight.
 */
function CredentialSteps() {
  const t = useTranslations('connect.mercadopago');
  return (
    <div className="flex flex-col gap-1">
      <InstructionSteps id="mercadopago-steps" namespace="connect.mercadopago" titleKey="stepsTitle" stepKeys={['step1', 'step2', 'step3', 'step4']} collapsible>
        <p className="mt-2 text-sm text-slate-700">{t('oneSetPerTool')}</p>
      </InstructionSteps>
      <a
        href="https://www.mercadopago.com/developers/panel/app"
        target="_blank"
        rel="noreferrer"
        className="text-sm font-medium text-indigo-700 underline"
      >
        {t('integrationsLink')}
      </a>
    </div>
  );
}

/** MP4: paste the URL in the Production mode tab, with the Payments and Plans and subscriptions events. */
function SetupInstructions() {
  return (
    <InstructionSteps
      id="mercadopago-instructions"
      namespace="connect.mercadopago"
      titleKey="instructionsTitle"
      stepKeys={['instruction1', 'instruction2', 'instruction3', 'instruction4', 'instruction5']}
    />
  );
}

export const mercadopagoUi: GatewayUi = {
  ConnectPanel: () => (
    <div className="flex flex-col gap-3">
      <CredentialSteps />
      <MercadoPagoCredentialsForm mode="connect" />
    </div>
  ),
  UpdateForm: ({ connection }) => (
    <MercadoPagoCredentialsForm
      mode="update"
      publicKey={connection.publicCredentials.publicKey ?? ''}
      country={(connection.country ?? 'BR') as MercadoPagoCountryId}
      accessTokenLast4={connection.secretMasks.accessToken}
      webhookSecretLast4={connection.secretMasks.webhookSecret}
    />
  ),
  SetupInstructions,
};
