// End-to-end tests drive Chromium against a production build (`npm run build` first; `npm test` does it).
// The server gets its own fresh data directory, so on the embedded database every run starts empty; with
// DATABASE_URL set (CI), the run uses that database, which .ci/run creates fresh.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { e2eSettings } from './e2e/support/settings';

const settings = e2eSettings(() => mkdtempSync(path.join(tmpdir(), 'gateway-e2e-')));
const systemChromium = '/usr/bin/chromium';
const chromiumLaunchOptions = {
  // Debian's Chromium where installed (Playwright cannot download its own browser here), else Playwright's.
  executablePath: existsSync(systemChromium) ? systemChromium : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  // One browser at a time: on a 2-CPU machine two headless Chromiums, the app and its database starve each other
  // (a 14 s test took over 30 s with two workers), and a slow page is not what these tests look for.
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: settings.baseUrl,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /outage\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions },
    },
    {
      // The simulator's outage switch affects every test using it, so these run alone, after the rest.
      name: 'gateway-outage',
      testMatch: /outage\.spec\.ts/,
      dependencies: ['chromium'],
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions },
    },
  ],

  webServer: [
    {
      command: 'npx tsx simulator/main.ts',
      url: `${settings.simulatorUrl}/_sim/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { SIM_PORT: settings.simPort },
    },
    {
      command: `npx next start --port ${settings.port} 2>&1 | tee -a ${settings.serverLog}`,
      url: `${settings.baseUrl}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: settings.serverEnv,
    },
  ],
});
