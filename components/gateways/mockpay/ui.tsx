// Mock Pay's pieces of the Connect and Manage popups (the test-only gateway, docs/mockpay-api.md).
import type { GatewayUi } from '@/components/gateways/ui-types';
import { InstructionSteps } from '../instruction-steps';
import { MockPayCredentialsForm } from './credentials-form';

function SetupInstructions() {
  return <InstructionSteps id="mockpay-instructions" namespace="connect.mockpay" titleKey="instructionsTitle" stepKeys={['instruction1', 'instruction2']} />;
}

export const mockpayUi: GatewayUi = {
  ConnectPanel: () => <MockPayCredentialsForm mode="connect" />,
  UpdateForm: ({ connection }) => <MockPayCredentialsForm mode="update" apiKeyLast4={connection.secretMasks.apiKey} />,
  SetupInstructions,
};
