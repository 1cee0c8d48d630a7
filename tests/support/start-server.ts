// Runs the server's real start-up (lib/server/startup.ts) in a process of its own, as `next start` does through
// instrumentation.ts, then prints the merchants' emails as one JSON line and exits. tests/production.test.ts runs it
// with tsx (and tests/support/no-server-only.mjs) and a production environment to see what start-up refuses or creates.
import { getDatabaseHandle } from '@/db';
import { users } from '@/db/schema';
import { startServer } from '@/lib/server/startup';

await startServer();
const handle = await getDatabaseHandle();
const rows = await handle.db.select({ email: users.email }).from(users);
process.stdout.write(`${JSON.stringify({ merchants: rows.map((row) => row.email) })}\n`);
await handle.close();
process.exit(0);
