// `npm run credentials:rotate`: run with the NEW key in CREDENTIALS_KEY and the old one(s) in
// CREDENTIALS_PREVIOUS_KEYS. Afterwards the old keys can be dropped from the environment.
import { getDatabaseHandle } from '@/db';
import { rotateSecrets } from '@/lib/crypto/rotate';

const handle = await getDatabaseHandle();
try {
  await handle.migrate();
  const { reencrypted } = await rotateSecrets();
  console.info(`Re-encrypted ${reencrypted} secret(s) under the current CREDENTIALS_KEY (${handle.description}).`);
} finally {
  await handle.close();
}
