// Server actions cannot answer 429 (README "Accounts"): over a limit, the form says so, with the wait in minutes.
import type { FormState } from '@/lib/form-state';

export function limitedFormState(message: 'errors.tooManyAttempts' | 'errors.tooManyRequests', retryAfterSeconds: number): FormState {
  return { status: 'error', message, messageValues: { minutes: String(Math.max(1, Math.ceil(retryAfterSeconds / 60))) } };
}
