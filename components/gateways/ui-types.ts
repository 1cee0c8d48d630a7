// The UI half of the gateway contract: the pieces of the Connect and Manage popups each gateway draws itself.
// Shared views (connect-view.tsx, manage-view.tsx) look them up in ./ui.ts and never branch on a gateway id.
import type { ComponentType } from 'react';
import type { GatewayConnection } from '@/lib/gateways/connections';

export type GatewayUi = {
  /**
   * The Connect popup's body until the account is connected. `connection` is the pending account of a gateway
   * whose catalog says `webhookUrlFirst` (its webhook URL exists before any credentials, SP1), else undefined.
   */
  ConnectPanel: ComponentType<{ connection: GatewayConnection | undefined }>;
  /** Manage → Update credentials, pre-filled from the connection (secrets only as their last 4 characters). */
  UpdateForm: ComponentType<{ connection: GatewayConnection }>;
  /** What to do with the webhook URL, shown under it once connected. */
  SetupInstructions: ComponentType;
};
