import { expect, type Page } from '@playwright/test';

/**
 * Notifications are processed after the gateway has its answer: reload the page (or load `path`) until `check`
 * holds, within `timeoutMs`.
 */
export async function reloadUntil(page: Page, check: () => Promise<void>, options: { path?: string; timeoutMs?: number } = {}): Promise<void> {
  await expect(async () => {
    if (options.path) await page.goto(options.path);
    else await page.reload();
    await check();
  }).toPass({ timeout: options.timeoutMs ?? 10_000 });
}
