// "Send test notification" talks to the bundled simulator's control API (simulator/README.md). Shared by the gateways'
// test-notification pieces; with a real gateway configured there is no control API and this finds none.
import 'server-only';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The simulator's control API for this gateway, when the configured API URL is the bundled simulator. */
export function simulatorControlUrl(apiUrl: string, gateway: string): string | null {
  const url = new URL(apiUrl);
  if (!LOOPBACK.has(url.hostname) || !url.pathname.replace(/\/$/, '').endsWith(`/${gateway}`)) return null;
  return `${url.origin}/_sim/${gateway}`;
}

/** One control call; false when the simulator refused it or could not be reached. */
export async function postToSimulator(url: string, body: unknown): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** One control call that creates something: the `id` of what the simulator answered, or null when it refused or was unreachable. */
export async function createInSimulator(url: string, body: unknown): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return null;
    const created: unknown = await response.json();
    const id = typeof created === 'object' && created !== null && 'id' in created ? created.id : undefined;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  } catch {
    return null;
  }
}
