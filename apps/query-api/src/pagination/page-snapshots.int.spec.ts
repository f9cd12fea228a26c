import { testDatabaseName, testMongo, type TestServer } from '@ledger/testing';
import { MongoClient } from 'mongodb';
import { MAX_FREEZES_AT_ONCE, PageSnapshots, SnapshotCapacityError } from './page-snapshots.js';

/** Batches of ids that end only when `finish()` is called: a scan still running. */
function slowScan(ids: string[]) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  async function* batches() {
    yield ids;
    await finished;
  }
  return { batches: batches(), finish };
}

describe('page snapshots', () => {
  let server: TestServer;
  let client: MongoClient;
  let snapshots: PageSnapshots;

  beforeAll(async () => {
    server = await testMongo();
    client = await new MongoClient(server.url).connect();
    snapshots = new PageSnapshots(client.db(testDatabaseName('snapshots')));
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('freezes ids in order, once each, and slices them', async () => {
    const { snapshot, total } = await snapshots.take(
      (async function* () {
        yield ['c', 'a'];
        yield ['a', 'b'];
      })(),
    );
    expect(total).toBe(3);
    expect(await snapshots.slice(snapshot, 1, 5)).toEqual({ ids: ['a', 'b'], total: 3 });
  });

  it(`refuses a first page past ${MAX_FREEZES_AT_ONCE} freezing at once, and takes one once a freeze ends`, async () => {
    const scans = Array.from({ length: MAX_FREEZES_AT_ONCE }, (_, i) => slowScan([`id-${i}`]));
    const running = scans.map((scan) => snapshots.take(scan.batches));
    await expect(snapshots.take(slowScan(['one more']).batches)).rejects.toBeInstanceOf(
      SnapshotCapacityError,
    );

    scans[0]!.finish();
    await running[0];
    const after = slowScan(['after']);
    const taken = snapshots.take(after.batches);
    after.finish();
    expect((await taken).total).toBe(1);

    scans.forEach((scan) => scan.finish());
    expect((await Promise.all(running)).map((r) => r.total)).toEqual(scans.map(() => 1));
  });
});
