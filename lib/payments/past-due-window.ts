// Seed SP7's window, shared by the scheduler's rule (db/queries/past-due.ts) and the subscription page's deadline.
export const NON_PAYMENT_DAYS = 30;
export const NON_PAYMENT_REASON = 'no payment within 30 days';
