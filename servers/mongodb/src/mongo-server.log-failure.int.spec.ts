import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError, type Document } from 'mongodb';
import { startMongoServer, type EmbeddedMongoServer } from './index.js';
import { FaultyLogDisk, until } from './storage/faulty-log-disk.testing.js';
import { WalMongoStorage } from './storage/wal-mongo-storage.js';

const failure = (p: Promise<unknown>): Promise<MongoServerError | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => {
      if (e instanceof MongoServerError) return e;
      throw e;
    },
  );

describe('embedded MongoDB when its log cannot be written', () => {
  let dataDir: string;
  let disk: FaultyLogDisk;
  let server: EmbeddedMongoServer | undefined;
  let client: MongoClient | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'embedded-mongodb-fault-'));
    disk = new FaultyLogDisk();
    server = await startMongoServer({
      port: 0,
      storage: new WalMongoStorage(dataDir, { openLogFile: disk.open }),
    });
    // No heartbeat during a test, so the server's command count is the test's own commands.
    client = await new MongoClient(server.uri, { heartbeatFrequencyMS: 60_000 }).connect();
    // Open the connections the concurrent operations will use, so no handshake counts as one.
    const admin = client.db('admin');
    await Promise.all([1, 2, 3, 4].map(() => admin.command({ ping: 1 })));
  });
  afterEach(async () => {
    disk.release();
    await client?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fails the write, never shows it (not even to a read waiting on it) and takes no more writes', async () => {
    const c = client!.db('app').collection('accounts');
    await c.insertOne({ _id: 1, v: 1 } as Document);

    disk.hold();
    disk.failSyncs = true;
    const inserted = failure(c.insertOne({ _id: 2 } as Document));
    await until(() => disk.held === 1, 'the insert is being synced');
    // Later writes and a read arrive while the first write waits on its sync.
    const lookups = server!.stats.idLookups;
    const updated = failure(c.updateOne({ _id: 1 } as Document, { $set: { v: 2 } }));
    await until(() => server!.stats.idLookups > lookups, 'the update ran on top of the pending insert');
    const before = server!.stats.commands;
    const read = c.find({}).toArray();
    await until(() => server!.stats.commands >= before + 1, 'the read reached the server');
    disk.release();

    const [insertError, updateError] = await Promise.all([inserted, updated]);
    expect(insertError?.code).toBe(1);
    expect(insertError?.message).toMatch(/durable/);
    expect(updateError?.code).toBe(1);
    expect(await read).toEqual([{ _id: 1, v: 1 }]);

    const refused = await failure(c.insertOne({ _id: 3 } as Document));
    expect(refused?.code).toBe(1);
    expect(refused?.message).toMatch(/read-only/);
    expect(await c.find({}).toArray()).toEqual([{ _id: 1, v: 1 }]);

    await client!.close();
    await server!.stop();
    server = await startMongoServer({ port: 0, dataDir });
    client = await new MongoClient(server.uri).connect();
    expect(await client.db('app').collection('accounts').find({}).toArray()).toEqual([{ _id: 1, v: 1 }]);
  });

  it('answers a read that arrives during a sync only once the write it sees is durable', async () => {
    const c = client!.db('app').collection('accounts');
    await c.insertOne({ _id: 1 } as Document);
    disk.hold();
    const inserted = c.insertOne({ _id: 2 } as Document);
    await until(() => disk.held === 1, 'the insert is being synced');
    const before = server!.stats.commands;
    let answered = false;
    const read = c
      .find({})
      .toArray()
      .finally(() => (answered = true));
    await until(() => server!.stats.commands >= before + 1, 'the read reached the server');
    // A ping sent after the read comes back first only if the read was held (a ping waits on no write).
    await client!.db('admin').command({ ping: 1 });
    expect(answered).toBe(false);
    disk.release();
    await inserted;
    expect((await read).map((d) => d._id)).toEqual([1, 2]);
  });
});
