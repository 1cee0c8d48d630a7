// The payment page's script (components/pay/island.ts) is served as built: public/pay-island.js, committed, must be
// what scripts/build-pay-island.mjs makes from the sources now. Run `npm run build:island` after changing them.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildPayIsland, ISLAND_OUTPUT } from '../scripts/build-pay-island';

it('public/pay-island.js is built from the current sources, and stays small', async () => {
  const built = await buildPayIsland();
  expect(readFileSync(ISLAND_OUTPUT, 'utf8'), 'public/pay-island.js is stale: run `npm run build:island`').toBe(built);
  // The page's budget is 250 KB of JavaScript in all (issue 16); its script is a few KB.
  expect(built.length).toBeLessThan(16 * 1024);
});
