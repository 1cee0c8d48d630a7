// Next.js calls register() once when a server process starts. NEXT_RUNTIME is a build-time constant set by
// Next (not configuration), so the Node-only start-up code stays out of any edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/server/startup');
    await startServer();
  }
}
