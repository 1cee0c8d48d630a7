// Which payments Check now is offered for (client-safe: no server imports). A payment in one of these states may
// still change at the gateway without our hearing of it; the others are final (in_mediation is a dispute still open).
import type { PaymentStatus } from '@/core/payment-status';

export const CHECKABLE_PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'in_process', 'authorized', 'in_mediation'];

export const isCheckablePayment = (status: string): boolean => (CHECKABLE_PAYMENT_STATUSES as readonly string[]).includes(status);
