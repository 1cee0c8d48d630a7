// A price's payment page as the merchant shares it: its absolute address (APP_URL, the address customers reach the
// app at; a relative /pay/… is useless in an email or a chat) and a QR code of it for print.
import 'server-only';
import QRCode from 'qrcode';
import { getEnv } from '@/core/env';

export function paymentPageUrl(slug: string): string {
  return new URL(`/pay/${encodeURIComponent(slug)}`, getEnv().APP_URL).toString();
}

/**
 * The QR code of `url` as an SVG data URL, for an <img>: an image carries no inline style or script, so it fits the
 * nonce-based CSP (img-src allows data:). Error correction M (15 %) survives a smudged print; the 4-module quiet
 * zone is the standard's minimum for scanners.
 */
export async function qrCodeDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
