import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConsumerStatusView } from '@ledger/api-views';
import { eventually, OPERATOR_KEY, ProjectorsHarness } from './projectors.harness.js';
import { PING_PREFIX, STREAM_COUNTS, StreamCountsFixture } from './stream-counts.consumer.js';

const pings = (count: number) => Array.from({ length: count }, (_, n) => ({ type: 'Pinged', data: { n } }));

describe('projectors readiness and leases', () => {
  const fixture = new StreamCountsFixture();
  let harness: ProjectorsHarness;
  /** The copy running the consumer after the first test. */
  let running: NestFastifyApplication | undefined;

  // The harness's own app runs no consumer: the two copies below share the test one.
  beforeAll(async () => {
    harness = await ProjectorsHarness.start({}, { consumers: () => [] });
  });
  afterAll(async () => {
    fixture.gate.open();
    await harness.stop();
  });

  const statusAt = async (app: NestFastifyApplication): Promise<ConsumerStatusView> => {
    const response = await harness.get('/status', OPERATOR_KEY, app);
    return (response.json().consumers as ConsumerStatusView[]).find((c) => c.consumer === STREAM_COUNTS)!;
  };
  const copy = (id: string) =>
    harness.startCopy(
      { PROJECTORS_INSTANCE_ID: id, PROJECTORS_LEASE_TTL_MS: '3000', PROJECTORS_STALL_AFTER_MS: '1000' },
      { consumers: fixture.registration },
    );

  it('runs each consumer on one instance, and another takes it over when the owner stops', async () => {
    const [a, b] = [await copy('projectors-a'), await copy('projectors-b')];
    const owner = await eventually(async () => (await statusAt(a)).owner, 'an owner');
    const [ownerApp, otherApp, other] =
      owner === 'projectors-a' ? [a, b, 'projectors-b'] : [b, a, 'projectors-a'];
    expect((await statusAt(ownerApp)).ownedHere).toBe(true);
    expect(await statusAt(otherApp)).toMatchObject({ owner, ownedHere: false, state: 'elsewhere' });

    const stream = `${PING_PREFIX}${randomUUID()}`;
    const third = await harness.append(stream, pings(3));
    await eventually(
      async () => ((await fixture.count(harness.db, stream)) === 3 ? true : undefined),
      'three',
    );

    await ownerApp.close();
    // Handed back at once, not left to expire (TTL 3 s); the checkpoint saved where it got to.
    const lease = await harness.db
      .collection<{ _id: string; owner: string }>('consumer_leases')
      .findOne({ _id: STREAM_COUNTS });
    expect(lease?.owner).not.toBe(owner);
    const checkpoint = await harness.db
      .collection<{ _id: string; position: number }>('checkpoints')
      .findOne({ _id: STREAM_COUNTS });
    expect(BigInt(checkpoint?.position ?? -1)).toBe(third); // the driver reads an Int64 as a number
    await eventually(
      async () => ((await statusAt(otherApp)).owner === other ? true : undefined),
      'a new owner',
    );
    const head = await harness.append(stream, pings(2));
    await eventually(
      async () => ((await statusAt(otherApp)).position === head.toString() ? true : undefined),
      'catch up',
    );
    // Resumed from the checkpoint the first owner saved: nothing counted twice.
    expect(await fixture.count(harness.db, stream)).toBe(5);
    expect((await harness.get('/ready', undefined, otherApp)).statusCode).toBe(200);
    running = otherApp;
  });

  it('is not ready while a consumer is stalled, and ready again once it moves', async () => {
    const app = running ?? (await copy(`projectors-${randomUUID()}`));
    await eventually(
      async () => (await statusAt(app)).ownedHere || undefined,
      'the new copy to run it',
      20_000,
    );
    fixture.gate.close();
    await harness.append(`${PING_PREFIX}${randomUUID()}`, pings(1));

    const notReady = await eventually(async () => {
      const response = await harness.get('/ready', undefined, app);
      return response.statusCode === 503 ? response : undefined;
    }, 'the consumer to count as stalled');
    expect(notReady.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await statusAt(app)).toMatchObject({ state: 'stalled' });

    fixture.gate.open();
    await eventually(
      async () => (await harness.get('/ready', undefined, app)).statusCode === 200 || undefined,
      'ready',
    );
  });
});
