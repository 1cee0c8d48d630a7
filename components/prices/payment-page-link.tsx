'use client';
// A payment page's address as the merchant shares it: the full URL (customers reach it from an email or a chat,
// where a relative /pay/… means nothing), Copy, Open in a new tab, and its QR code behind a disclosure (a
// <details>, so it opens without JavaScript too). The QR code is an SVG made on the server, shown as an <img>.
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

type Props = { url: string; name: string; qrCode: string };

export function PaymentPageLink({ url, name, qrCode }: Props) {
  const t = useTranslations('prices.page');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Without clipboard permission the address stays on screen, selectable, as it always is.
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 4000);
  };
  return (
    <div className="flex flex-col gap-2">
      <span className="font-mono text-xs break-all select-all">{url}</span>
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" className="px-3 py-1" onClick={copy}>
          <span aria-hidden="true">{copied ? t('copied') : t('copy')}</span>
          <span className="sr-only">{t('copyLabel', { name })}</span>
        </Button>
        <a href={url} target="_blank" rel="noopener" className="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 underline">
          <span aria-hidden="true">{t('open')}</span>
          <span className="sr-only">{t('openLabel', { name })}</span>
        </a>
        <span role="status" className="sr-only">
          {copied ? t('copiedAnnouncement', { name }) : ''}
        </span>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-indigo-700 underline">
          <span aria-hidden="true">{t('qr')}</span>
          <span className="sr-only">{t('qrLabel', { name })}</span>
        </summary>
        <div className="mt-2 flex flex-col items-start gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing for next/image to optimise */}
          <img src={qrCode} alt={t('qrAlt', { url })} width={160} height={160} className="border border-slate-200 bg-white" />
          <a href={qrCode} download={t('qrFileName', { name })} className="text-indigo-700 underline">
            {t('qrDownload')}
          </a>
        </div>
      </details>
    </div>
  );
}
