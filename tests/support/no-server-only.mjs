// `node --import` hook for tests that run the server's modules in a plain Node process (as tests/production.test.ts
// does with tests/support/start-server.ts): `server-only` resolves to an empty module, as vitest.config.ts aliases it.
// (The react-server condition would do the same, but React's server build lacks what next-intl's client half imports.)
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        " if (specifier === 'server-only') return { url: 'data:text/javascript,', shortCircuit: true };" +
        ' return next(specifier, context);' +
        '}',
    ),
);
