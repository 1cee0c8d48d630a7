import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

// Security headers on every response (README "Production"). Pages also get a nonce-based Content-Security-Policy
// from proxy.ts (lib/server/security-headers.ts); what proxy.ts does not serve (route handlers it skips, the webhook
// route, Next's static files, public files) gets a policy that allows nothing, which is all JSON, scripts served as
// files and images need.
const everyResponse = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  // Nothing here uses these; the clipboard (Copy buttons) is not listed, so it keeps its default (this origin).
  {
    key: 'Permissions-Policy',
    value: [
      'accelerometer', 'autoplay', 'browsing-topics', 'camera', 'display-capture', 'encrypted-media', 'fullscreen',
      'geolocation', 'gyroscope', 'hid', 'idle-detection', 'magnetometer', 'microphone', 'midi', 'payment',
      'picture-in-picture', 'publickey-credentials-get', 'screen-wake-lock', 'serial', 'usb', 'xr-spatial-tracking',
    ]
      .map((feature) => `${feature}=()`)
      .join(', '),
  },
  // frame-ancestors 'none' says the same to current browsers; this is for older ones.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];
const denyAllPolicy = { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" };
/** Paths proxy.ts does not run on (its matcher), plus every /api route: no page is served under them. */
const notPages = ['/api/:path*', '/_next/static/:path*', '/_next/image', '/favicon.ico', '/pay-island.js', '/gateways/:path*'];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A self-contained server for containers (README "Deploying", Dockerfile): `.next/standalone/server.js` with only
  // the node_modules it uses. `npm start` (next start) serves the same build as before.
  output: 'standalone',
  // Migrations apply on start, read from `<cwd>/db/migrations` at run time (db/index.ts), which file tracing cannot
  // follow: without this the standalone server would start on an empty folder and migrate nothing.
  outputFileTracingIncludes: { '/**': ['./db/migrations/**/*'] },
  async headers() {
    return [
      { source: '/:path*', headers: everyResponse },
      // HSTS only when the request came over https: the reverse proxy that terminates TLS says so in
      // X-Forwarded-Proto (README "Production"). Over plain http the header would be ignored anyway.
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }],
      },
      ...notPages.map((source) => ({ source, headers: [denyAllPolicy] })),
    ];
  },
  // Native or WASM packages that must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'],
  // Bundled, so each layer gets its own guard: the webhook route (a Pages API route) may import server-only
  // modules, a client component still may not. Left external, Node would resolve the throwing default export.
  // next-intl (and its use-intl) too: the Pages Router's pages (pages/pay) would load them as external ES modules,
  // by the absolute path of the build's folder, so a standalone server copied elsewhere (drill:standalone) got a
  // second React through them and failed to render.
  transpilePackages: ['server-only', 'next-intl', 'use-intl'],
};

export default withNextIntl(nextConfig);
