// Drill `npm run drill:standalone`: the deployable form (README "Deploying"). The standalone output of `next build`
// (`output: 'standalone'`) is copied alone to a folder of its own, with `.next/static` and `public/` beside
// `server.js` as the Dockerfile copies them, so nothing can be found in this repository's node_modules by accident;
// then `node server.js` runs against a fresh PostgreSQL database, as the container does. Claims: the migrations travel
// with the output and apply on start; /api/health answers 200; a merchant signs in through Auth.js and sees the
// dashboard; the public payment page, its stylesheet and its script are served; a signed Mercado Pago notification is answered
// 200 and stored.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, openSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  Drill,
  appEnv,
  connect,
  deliver,
  ensureBuild,
  freePort,
  freshDatabase,
  newSecrets,
  paymentNotification,
  root,
  simulator,
  sleep,
  type MercadoPagoAccount,
} from './lib';

const drill = new Drill('standalone', 'the standalone server, copied alone, on a fresh database: health, sign-in, payment page, webhook');

type Seeded = { email: string; password: string; slug: string; publicId: string; accountId: string; webhookSecret: string; mercadopagoUserId: number };

/** Auth.js's credentials sign-in, as the sign-in form does it; the cookies it sets, as one Cookie header. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const split = pair.indexOf('=');
      if (split > 0) jar.set(pair.slice(0, split), pair.slice(split + 1));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: '/' }).toString(),
    redirect: 'manual',
  });
  keep(signedIn);
  return [...jar.keys()].some((name) => name.includes('session-token')) ? header() : '';
}

await drill.run(async () => {
  ensureBuild(drill);
  const output = path.join(root, '.next', 'standalone');
  if (!existsSync(path.join(output, 'server.js'))) throw new Error('.next/standalone/server.js is missing: is `output: \'standalone\'` in next.config.mjs, and the build newer than it?');

  // The image's layout (Dockerfile): the standalone folder, then .next/static and public/ beside server.js.
  const copied = performance.now();
  const app = path.join(drill.logDir, 'app');
  // 80 MB a run: removed at the end (the server's log stays in the log directory).
  drill.onCleanup('remove the copied app', () => rmSync(app, { recursive: true, force: true }));
  cpSync(output, app, { recursive: true });
  cpSync(path.join(root, '.next', 'static'), path.join(app, '.next', 'static'), { recursive: true });
  cpSync(path.join(root, 'public'), path.join(app, 'public'), { recursive: true });
  const size = spawnSync('du', ['-sm', app], { encoding: 'utf8' }).stdout.split('\t')[0];
  drill.figure('standalone app copied (MB, static and public included)', `${size} MB in ${((performance.now() - copied) / 1000).toFixed(1)} s`);
  const shipped = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.sql')).length : 0);
  const migrations = shipped(path.join(root, 'db', 'migrations'));
  const tracedMigrations = shipped(path.join(app, 'db', 'migrations'));
  drill.check(migrations > 0 && tracedMigrations === migrations, 'the migrations travel in the standalone output (outputFileTracingIncludes)', `${tracedMigrations} of ${migrations} .sql files`);

  const databaseUrl = await freshDatabase(drill);
  const sim = await simulator(drill);
  const secrets = newSecrets();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...appEnv({ databaseUrl, secrets, simulatorUrl: sim.url }, port), HOSTNAME: '127.0.0.1' };
  const log = path.join(drill.logDir, 'server.log');
  const fd = openSync(log, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, ['server.js'], { cwd: app, env, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  const pid = child.pid;
  if (!pid) throw new Error('node server.js did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  drill.onCleanup('stop the standalone server', async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-pid, 'SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-pid, 'SIGKILL');
  });

  let health = 0;
  const deadline = Date.now() + 60_000;
  while (health !== 200 && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node server.js exited with ${child.exitCode}; see ${log}`);
    health = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) }).then((response) => response.status, () => 0);
    if (health !== 200) await sleep(200);
  }
  drill.figure('node server.js: start to /api/health 200', `${((performance.now() - started) / 1000).toFixed(1)} s`);
  drill.check(health === 200, '/api/health answers 200 (the database is reachable and migrated)', `status ${health}; log ${log}`);
  if (health !== 200) return;

  const sql = connect(drill, databaseUrl);
  const [applied] = await sql<Array<{ n: number }>>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  drill.check(applied?.n === migrations, 'every migration applied on start', `${applied?.n} applied of ${migrations}`);

  const seeded = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', path.join('scripts', 'bench-pages-seed.ts')], {
    cwd: root,
    env: { ...env, APP_URL: base },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr || seeded.stdout}`);
  const merchant = JSON.parse(seeded.stdout.trim().split('\n').pop() ?? '{}') as Seeded;

  const cookie = await signIn(base, merchant.email, merchant.password);
  drill.check(cookie !== '', 'a merchant signs in (Auth.js credentials: a session cookie is set)');
  const dashboard = await fetch(`${base}/payments`, { headers: { cookie }, redirect: 'manual' });
  const dashboardHtml = await dashboard.text();
  drill.check(dashboard.status === 200 && dashboardHtml.includes('Bench Merchant'), 'the dashboard answers the signed-in merchant', `GET /payments: ${dashboard.status}`);

  const payPage = await fetch(`${base}/pay/${merchant.slug}`);
  const payHtml = await payPage.text();
  // Its stylesheet comes from .next/static, its one script (the form's check) from public/, both beside server.js.
  const files = [
    ...[...payHtml.matchAll(/<link[^>]+href="(\/_next\/static\/[^"]+\.css)"/g)].map((match) => match[1] ?? ''),
    ...[...payHtml.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((match) => match[1] ?? ''),
  ];
  const served = await Promise.all(files.map((src) => fetch(`${base}${src}`).then((response) => response.status)));
  drill.check(
    payPage.status === 200 && payHtml.includes('Yoga class') && files.some((file) => file.endsWith('.css')) && files.includes('/pay-island.js') && served.every((status) => status === 200),
    'the public payment page, its stylesheet and its script are served (.next/static and public/ beside server.js)',
    `page ${payPage.status}, ${served.filter((status) => status === 200).length} of ${files.length} files 200 (${files.join(', ')})`,
  );

  const account: MercadoPagoAccount = {
    userId: merchant.mercadopagoUserId,
    publicKey: '',
    accessToken: '',
    webhookSecret: merchant.webhookSecret,
    publicId: merchant.publicId,
    accountId: merchant.accountId,
    webhookUrl: `${base}/api/webhooks/mercadopago/${merchant.publicId}`,
  };
  const notification = paymentNotification(account, 1_234_567);
  const answer = await deliver(base, account, notification);
  const [stored] = await sql<Array<{ n: number }>>`select count(*)::int as n from webhook_events where account_id = ${merchant.accountId} and dedupe_key = ${notification.dedupeKey}`;
  drill.figure('signed notification: answer', `${answer.status} ${answer.word ?? answer.error ?? ''} in ${answer.ms.toFixed(0)} ms`);
  drill.check(answer.status === 200 && answer.word === 'received' && stored?.n === 1, 'a signed Mercado Pago notification is answered 200 and stored once', `${answer.status} ${answer.word ?? ''}, ${stored?.n} row`);
});
