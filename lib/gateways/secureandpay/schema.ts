// The Secure and Pay connect and update forms' schema, shared by the popup (client) and its server action.
import { z } from 'zod';

const siteId = z.string().trim().min(1, 'spEnterSiteId').max(64, 'spSiteIdFormat').regex(/^[A-Za-z0-9_-]+$/, 'spSiteIdFormat');
const apiSecret = z.string().trim().min(1, 'spEnterApiSecret').max(200, 'spApiSecretFormat');

export const secureandpayConnectSchema = z.object({ siteId, apiSecret });
export type SecureAndPayConnectInput = z.input<typeof secureandpayConnectSchema>;

/** Updating: an empty API secret key keeps the stored one. */
export const secureandpayUpdateSchema = z.object({ siteId, apiSecret: z.string().trim().max(200, 'spApiSecretFormat') });
export type SecureAndPayUpdateInput = z.input<typeof secureandpayUpdateSchema>;
