import type { Metadata } from 'next';
import { ReturnView, type ReturnSearchParams } from '@/components/pay/return-view';

export const metadata: Metadata = { title: 'Payment' };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<ReturnSearchParams> };

export default async function PaymentPendingPage({ params, searchParams }: Props) {
  return <ReturnView slug={(await params).slug} claimed="pending" searchParams={await searchParams} />;
}
