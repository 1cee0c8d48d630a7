// `npm run db:migrate`: apply migrations now (the app also applies them on start).
import { getDatabaseHandle } from '@/db';

const handle = await getDatabaseHandle();
try {
  await handle.migrate();
  console.info(`Migrations applied to ${handle.description}.`);
} finally {
  await handle.close();
}
