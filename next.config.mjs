import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native or WASM packages that must be loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'],
  // Bundled, so each layer gets its own guard: the webhook route (a Pages API route) may import server-only
  // modules, a client component still may not. Left external, Node would resolve the throwing default export.
  transpilePackages: ['server-only'],
};

export default withNextIntl(nextConfig);
