import { authRoutePost, handlers } from '@/lib/auth';

export const { GET } = handlers;
// A sign-in over a limit answers 429 with Retry-After here (lib/auth/index.ts).
export const POST = authRoutePost;
