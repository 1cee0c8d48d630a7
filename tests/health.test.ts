import { expect, it } from 'vitest';
import { GET as live } from '@/app/api/health/live/route';
import { GET as ready } from '@/app/api/health/route';
import { describeEachDatabase } from './support/databases';

describeEachDatabase('health', (current) => {
  it('answers 200 while the database answers, 503 when it does not', async () => {
    expect((await ready()).status).toBe(200);
    await current().close();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ database: 'down' });
    expect(live().status).toBe(200);
  });
});
