// Builds the payment page's browser script (components/pay/island.ts) into public/pay-island.js, which is committed:
// the app's builds, tests and container need no step of their own, and tests/pay-island.test.ts fails when the file
// is not what this script makes from the sources (run `npm run build:island` after changing them). esbuild, as the
// page's script is a few small modules and not a React client component (README "Performance").
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ISLAND_OUTPUT = path.join(root, 'public', 'pay-island.js');

/** The script's text, as esbuild makes it from the sources. */
export async function buildPayIsland(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, 'components', 'pay', 'island.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    alias: { '@': root },
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote nothing');
  return output.text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await buildPayIsland();
  writeFileSync(ISLAND_OUTPUT, text);
  process.stdout.write(`${path.relative(root, ISLAND_OUTPUT)}: ${text.length} bytes\n`);
}
