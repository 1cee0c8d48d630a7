'use client';
// The confirmation of a change to a price (created, saved, archived, restored), on the Prices page the change leads
// back to. The text goes into the status region after the page is shown, so screen readers announce it (a live region
// that arrives with its text already in it is often not read); without JavaScript the <noscript> copy shows it. It is
// shown once: the ?done= parameters are taken off the address, so a reload or a shared link does not repeat it.
import { useEffect, useState } from 'react';

export function PriceChangeStatus({ message }: { message: string }) {
  const [shown, setShown] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setShown(message), 50);
    const url = new URL(window.location.href);
    url.searchParams.delete('done');
    url.searchParams.delete('price');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}`);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <>
      <div role="status" className="empty:hidden">
        {shown ? <p className="rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900">{shown}</p> : null}
      </div>
      <noscript>
        <p className="rounded-md border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900">{message}</p>
      </noscript>
    </>
  );
}
