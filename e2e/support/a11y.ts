import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Every page a test visits is checked: no serious or critical axe violations. */
export async function expectAccessible(page: Page): Promise<void> {
  // Next streams a page's metadata: after a server action refreshes the page, its <title> is replaced a moment later
  // (the e2e suite once caught axe in between). The settled page must have one; a page without any fails here.
  await expect(page, `no document title on ${page.url()}`).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(
    blocking.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`),
    `accessibility violations on ${page.url()}`,
  ).toEqual([]);
}
