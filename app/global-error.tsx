'use client';
// Shown when the root layout itself fails, so it cannot rely on the layout's translations provider.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui', padding: '2rem' }}>
        <main id="main">
          <h1>Something went wrong</h1>
          <p>We could not show this page. Try again; if it keeps happening, contact support with the reference below.</p>
          {error.digest ? <p>Reference: {error.digest}</p> : null}
          <button type="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
