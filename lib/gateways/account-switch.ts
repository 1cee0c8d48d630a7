// Updating credentials to ANOTHER gateway account needs the merchant's explicit confirmation (issue 15). The gateway's
// verify step says whose account the new credentials open (lib/gateways/adapter-types.ts, VerifiedCredentials); here
// that is compared with the connected account's id. The first save answers a prompt naming both accounts and asking
// for what the switch needs (e.g. the new application's webhook secret); nothing is saved until the form comes back
// with the consent for exactly that account and nothing missing.
import 'server-only';
import { getConnection } from '@/db/queries/gateway-accounts';
import type { GatewayId } from '@/core/gateway-ids';
import type { VerifiedCredentials } from './adapter-types';
import type { CredentialsFormState, GatewayAccountIdentity } from './account-switch-prompt';

type Input = {
  merchantId: string;
  gateway: GatewayId;
  verified: Extract<VerifiedCredentials, { ok: true }>;
  /** The account id the merchant agreed to switch to (the form's consent field), if any. */
  consent: string | undefined;
};

/** null: save (same account, no account connected yet, or a confirmed switch); otherwise the prompt to answer. */
export async function confirmAccountSwitch({ merchantId, gateway, verified, consent }: Input): Promise<CredentialsFormState | null> {
  const incoming = verified.account;
  if (!incoming) return null;
  const connection = await getConnection(merchantId, gateway);
  const connectedId = connection?.status === 'connected' ? connection.externalAccountId : null;
  if (!connectedId) return null;
  if (connectedId === incoming.id) {
    // A consent for another account, with credentials that open the connected one: the new token was not sent again
    // (secrets are never echoed back, e.g. without JavaScript). Saving would mix the new account's public values
    // with the stored token.
    return consent && consent !== incoming.id ? { status: 'error', message: 'connect.accountSwitch.retype' } : null;
  }
  const needs = Object.keys(verified.switchNeeds);
  // The consent names the account it was given for: credentials changed to a third account after it ask again.
  if (consent === incoming.id && needs.length === 0) return null;
  const from: GatewayAccountIdentity = (await verified.describeConnected(connectedId).catch(() => null)) ?? { id: connectedId, name: null, email: null };
  return {
    status: 'error',
    message: 'connect.accountSwitch.title',
    ...(needs.length > 0 ? { fieldErrors: verified.switchNeeds } : {}),
    accountSwitch: { from, to: incoming, needs },
  };
}
