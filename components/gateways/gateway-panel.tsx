// Connect and Manage render the same content in two frames: a popup over the gateway list (intercepted
// route) and a full page (reload, deep link, no JavaScript).
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { RouteDialog } from '@/components/ui/route-dialog';
import type { GatewayId } from '@/core/gateway-ids';
import { findGateway } from '@/lib/gateways/adapters';
import { ConnectView } from './connect-view';
import { ManageView } from './manage-view';

export const GATEWAYS_PATH = '/settings/payment-gateways';

/** The id of the card's Connect/Manage link, where focus returns when the popup closes. */
export const gatewayActionId = (gateway: GatewayId) => `gateway-${gateway}-action`;

/** The document title of a Connect / Manage URL, in both frames. */
export async function gatewayPanelMetadata(params: Promise<{ gateway: string }>, view: 'connect' | 'manage'): Promise<Metadata> {
  const adapter = findGateway((await params).gateway);
  if (!adapter) return {};
  const t = await getTranslations('connect');
  const name = adapter.catalog.name;
  return { title: view === 'connect' ? t('title', { gateway: name }) : t('manageTitle', { gateway: name }) };
}

type Props = { params: Promise<{ gateway: string }>; view: 'connect' | 'manage'; frame: 'dialog' | 'page' };

export async function GatewayPanel({ params, view, frame }: Props) {
  const adapter = findGateway((await params).gateway);
  if (!adapter) notFound();
  const { id: gateway, name } = adapter.catalog;
  const t = await getTranslations('connect');
  const title = view === 'connect' ? t('title', { gateway: name }) : t('manageTitle', { gateway: name });
  const content = view === 'connect' ? <ConnectView gateway={gateway} /> : <ManageView gateway={gateway} />;
  if (frame === 'dialog') {
    return (
      <RouteDialog title={title} closeLabel={t('close')} closeHref={GATEWAYS_PATH} returnFocusTo={gatewayActionId(gateway)}>
        {content}
      </RouteDialog>
    );
  }
  return (
    <section aria-labelledby="panel-title" className="flex max-w-2xl flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <Link href={GATEWAYS_PATH} className="text-sm text-indigo-700 underline">
        {t('backToGateways')}
      </Link>
      <h1 id="panel-title" className="text-xl font-semibold">
        {title}
      </h1>
      {content}
    </section>
  );
}
