// Mock Pay's connect and update forms' schema, shared by the popup (client) and its server action.
import { z } from 'zod';

const API_KEY = /^mk_[A-Za-z0-9]{8,64}$/;

export const mockpayConnectSchema = z.object({ apiKey: z.string().trim().min(1, 'mockEnterApiKey').regex(API_KEY, 'mockApiKeyFormat') });
export type MockPayConnectInput = z.input<typeof mockpayConnectSchema>;

/** Updating: an empty API key keeps the stored one. */
export const mockpayUpdateSchema = z.object({ apiKey: z.string().trim().refine((value) => value === '' || API_KEY.test(value), 'mockApiKeyFormat') });
