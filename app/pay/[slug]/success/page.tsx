import { ReturnView, type ReturnSearchParams } from '@/components/pay/return-view';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('payment');

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<ReturnSearchParams> };

export default async function PaymentSuccessPage({ params, searchParams }: Props) {
  return <ReturnView slug={(await params).slug} claimed="success" searchParams={await searchParams} />;
}
