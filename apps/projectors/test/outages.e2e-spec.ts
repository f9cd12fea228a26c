import { randomUUID } from 'node:crypto';
import { eventually, OPERATOR_KEY, ProjectorsHarness } from './projectors.harness.js';
import { PING_PREFIX, STREAM_COUNTS, StreamCountsFixture } from './stream-counts.consumer.js';

describe('the projectors through a MongoDB outage', () => {
  const fixture = new StreamCountsFixture();
  let harness: ProjectorsHarness;

  beforeAll(async () => {
    harness = await ProjectorsHarness.start({}, { consumers: fixture.registration, ownMongo: true });
  });
  afterAll(() => harness.stop());

  it('answers 503 problems while MongoDB is down, then is ready and projecting again', async () => {
    await eventually(async () => (await harness.get('/ready')).statusCode === 200 || undefined, 'ready');
    await harness.stopMongo();

    const ready = await harness.get('/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBeDefined();
    const parked = await harness.get(`/parked?consumer=${STREAM_COUNTS}`, OPERATOR_KEY);
    expect(parked.statusCode).toBe(503);
    expect(parked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(parked.json()).toMatchObject({ type: 'urn:ledger:problem:mongodb-unavailable' });
    const scrape = await harness.get('/metrics');
    expect(scrape.statusCode).toBe(200);
    expect(scrape.body).toMatch(/^ledger_consumers_status_up 0$/m);

    await harness.restartMongo();
    const stream = `${PING_PREFIX}${randomUUID()}`;
    await harness.append(stream, [{ type: 'Pinged', data: { n: 1 } }]);
    await eventually(
      async () => (await fixture.count(harness.db, stream)) === 1 || undefined,
      'projected',
      // The engine's retries of a store back off up to 30 s while MongoDB is away.
      45_000,
    );
    await eventually(
      async () => (await harness.get('/ready')).statusCode === 200 || undefined,
      'ready again',
    );
  }, 120_000);
});
