import { readFileSync } from 'node:fs';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import i18next from 'eslint-plugin-i18next';

// The gateway ids, read from their one list, so the rule below follows a new gateway without an edit here.
const gatewayIds = [...readFileSync(new URL('./core/gateway-ids.ts', import.meta.url), 'utf8').matchAll(/GATEWAY_IDS = \[([^\]]*)\]/g)]
  .flatMap((match) => match[1].split(','))
  .map((id) => id.trim().replace(/^'|'$/g, ''))
  .filter(Boolean);
const gatewayFolders = gatewayIds.flatMap((id) => [`lib/gateways/${id}/**`, `components/gateways/${id}/**`]);

// Layers point down: app → components → lib → db → core (pages/, the Pages Router's routes, is app/'s layer).
// `core/` (settings, the gateway ids, statuses) imports nothing of ours. Components may import server actions from app/ (they are the app layer's entry points for forms).
const layer = (files, forbidden, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: `^@/(${forbidden.join('|')})`, message }] }] },
});

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layer(['core/**'], ['app/', 'pages/', 'components/', 'lib/', 'db/', 'simulator/'], 'core/ is the bottom layer: it imports nothing of the app.'),
  layer(['db/**'], ['app/', 'pages/', 'components/', 'lib/', 'simulator/'], 'db/ may import only db/ and core/ (layers: app → components → lib → db → core).'),
  layer(['lib/**'], ['app/', 'pages/', 'components/', 'simulator/'], 'lib/ may import only lib/, db/ and core/ (layers: app → components → lib → db → core).'),
  layer(['components/**'], ['app/(?!.*/actions$)', 'pages/', 'simulator/'], 'components/ may import server actions from app/, nothing else of it.'),
  // Merchant server actions read the session only through merchantAction / merchantCommand (lib/actions.ts).
  {
    files: ['app/**/actions.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@/lib/session', importNames: ['getCurrentMerchant', 'requireMerchant'], message: 'Wrap the action in merchantAction or merchantCommand (lib/actions.ts).' },
            { name: '@/lib/auth', importNames: ['auth'], message: 'Wrap the action in merchantAction or merchantCommand (lib/actions.ts).' },
          ],
        },
      ],
    },
  },
  // Shared code never branches on a gateway: it asks the gateway's catalog, adapter or UI (docs/adding-a-gateway.md).
  // Only the gateways' own folders and the registries name a gateway id.
  {
    files: ['app/**/*.{ts,tsx}', 'pages/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'db/**/*.ts', 'core/**/*.ts'],
    ignores: [...gatewayFolders, 'core/gateway-ids.ts', 'lib/gateways/catalog.ts', 'lib/gateways/adapters.ts', 'components/gateways/ui.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `Literal[value=/\\b(${gatewayIds.join('|')})\\b/]`,
          message: 'A gateway id in shared code: ask the gateway through lib/gateways (catalog, adapter) or components/gateways/ui.ts instead.',
        },
        {
          selector: `TemplateElement[value.raw=/\\b(${gatewayIds.join('|')})\\b/]`,
          message: 'A gateway id in shared code: ask the gateway through lib/gateways (catalog, adapter) or components/gateways/ui.ts instead.',
        },
      ],
    },
  },
  // Every text a person reads comes from the message files (issue 14): no literal text in the markup of pages and
  // components, nor in the attributes a person or a screen reader reads. Codes, numbers and punctuation pass.
  {
    files: ['app/**/*.tsx', 'pages/**/*.tsx', 'components/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'alt', 'placeholder', 'label', 'hint', 'accessibleLabel', 'caption'] },
          // Besides the defaults (numbers, punctuation, CONSTANTS): one lower-case token is a key, a code or an option
          // ('zoned', 'submissionKey', 'date'), never a sentence.
          // Typographic marks alone ('—' for "none", a decorative '✕') are not words either.
          words: { exclude: ['[0-9!-/:-@[-`{-~]+', '[A-Z_-]+', '[a-z][A-Za-z0-9_.-]*', '[—–…·✕✓×\\s]+'] },
          message: 'A text a person reads: put it in messages/en.json and read it with next-intl (README "Add a language").',
        },
      ],
    },
  },
  // Playwright fixtures call their callback `use`, which is not React's hook.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  // public/pay-island.js is built from components/pay/island.ts (scripts/build-pay-island.mjs).
  { ignores: ['public/pay-island.js', '.next/**', '.data/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
