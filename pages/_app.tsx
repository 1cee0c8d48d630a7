// The Pages Router's pages (pages/pay) share the App Router's stylesheet.
import type { AppProps } from 'next/app';
import '@/app/globals.css';

export default function App({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
