import { randomUUID } from 'node:crypto';
import { appendFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogStorage, type FileLogStorageOptions } from './file-log-storage.js';
import { FRAME_HEADER_SIZE } from './log-record.codec.js';
import { LogCorruptionError } from './log-recovery.js';
import type { EventRecord, StoredEvent, StoredEventHeader } from './log-storage.js';

let dir: string;
const opened: FileLogStorage[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-log-storage-'));
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function openLog(options: FileLogStorageOptions = {}) {
  const storage = new FileLogStorage(dir, options);
  const recovered: StoredEventHeader[] = [];
  await storage.open((h) => recovered.push(h));
  opened.push(storage);
  return { storage, recovered };
}

let counter = 0;
function event(stream = 'account-1', dataBytes = 40): EventRecord {
  counter++;
  return {
    streamName: stream,
    revision: BigInt(counter),
    eventId: randomUUID(),
    type: 'MoneyDeposited',
    contentType: 'application/json',
    created: 638_000_000_000_000_000n + BigInt(counter),
    data: Buffer.from(JSON.stringify({ n: counter, pad: 'x'.repeat(dataBytes) })),
    metadata: Buffer.from(`{"c":${counter}}`),
  };
}

const header = ({ data: _d, metadata: _m, ...rest }: StoredEvent): StoredEventHeader => rest;
const segmentFiles = () =>
  readdirSync(dir)
    .filter((f) => f.startsWith('chunk-'))
    .sort();
const lastSegment = () => join(dir, segmentFiles().at(-1)!);

describe('FileLogStorage', () => {
  it('reads back what it appended, from the cache and from disk after a reopen', async () => {
    const { storage } = await openLog();
    const batch = [
      event(),
      event('transfer-9', 2000),
      { ...event(), contentType: 'text/csv', eventId: 'not-a-uuid' },
    ];
    const stored = await storage.append(batch);
    expect(stored.map((e) => storage.read(e.position))).toEqual(stored);
    await storage.close();

    const { storage: again, recovered } = await openLog();
    expect(recovered).toEqual(stored.map(header));
    for (const e of stored) {
      const read = again.read(e.position);
      expect({ ...read, data: Buffer.from(read.data), metadata: Buffer.from(read.metadata) }).toEqual({
        ...e,
        data: Buffer.from(e.data),
        metadata: Buffer.from(e.metadata),
      });
    }
    expect(() => again.read(stored[0].position + 1n)).toThrow(/no event at position/);
  });

  it('assigns increasing positions in call order and resolves in call order', async () => {
    const { storage } = await openLog();
    const settled: number[] = [];
    const pending = Array.from({ length: 30 }, (_, i) => {
      const batch = Array.from({ length: (i % 4) + 1 }, () => event('s', i * 10));
      return storage.append(batch).then((stored) => {
        settled.push(i);
        return stored;
      });
    });
    const expectedNext = storage.nextPosition;
    const positions = (await Promise.all(pending)).flat().map((e) => e.position);
    expect(settled).toEqual([...settled].sort((a, b) => a - b));
    positions.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(positions[i]));
    expect(storage.nextPosition).toBe(expectedNext);
    expect((await storage.append([event()]))[0].position).toBe(expectedNext);
  });

  it('writes appends made together with one fdatasync', async () => {
    const { storage } = await openLog();
    const before = storage.stats.fdatasyncs;
    await Promise.all(Array.from({ length: 50 }, () => storage.append([event()])));
    expect(storage.stats.fdatasyncs - before).toBe(1);
  });

  it('lets concurrent writers share flushes', async () => {
    const { storage } = await openLog();
    const writers = 8;
    const each = 20;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < each; i++) await storage.append([event()]);
      }),
    );
    expect(storage.stats.events).toBe(writers * each);
    expect(storage.stats.fdatasyncs).toBeLessThanOrEqual((writers * each) / 4);
  });

  it('recovers every event in order on reopen', async () => {
    const { storage } = await openLog();
    const stored = (
      await Promise.all(Array.from({ length: 200 }, (_, i) => storage.append([event(`s-${i % 7}`)])))
    ).flat();
    await storage.close();
    const { storage: again, recovered } = await openLog();
    expect(recovered).toEqual(stored.map(header));
    expect(again.nextPosition).toBeGreaterThan(stored.at(-1)!.position);
  });

  it('cuts a garbage tail on reopen and appends after it', async () => {
    const { storage } = await openLog();
    const first = await storage.append([event(), event()]);
    // Where the next frame would go, inside the zeros written ahead: what a torn write leaves.
    const logEnd = Number(storage.nextPosition) - FRAME_HEADER_SIZE;
    await storage.close();
    const garbage = Buffer.from('garbage that is not a frame'.repeat(40));
    const file = await open(lastSegment(), 'r+');
    await file.write(garbage, 0, garbage.length, logEnd);
    await file.close();

    const second = await openLog();
    expect(second.recovered).toEqual(first.map(header));
    expect(second.storage.recovery?.truncatedBytes).toBe(garbage.length);
    expect(statSync(lastSegment()).size).toBe(logEnd);
    const more = await second.storage.append([event()]);
    await second.storage.close();

    const third = await openLog();
    expect(third.recovered).toEqual([...first, ...more].map(header));
  });

  it('cuts garbage found past the preallocated zeros', async () => {
    const { storage } = await openLog();
    const first = await storage.append([event(), event()]);
    await storage.close();
    appendFileSync(lastSegment(), Buffer.from('garbage'));

    const second = await openLog();
    expect(second.recovered).toEqual(first.map(header));
    expect((await readFile(lastSegment())).includes('garbage')).toBe(false);
    const more = await second.storage.append([event()]);
    await second.storage.close();
    expect((await openLog()).recovered).toEqual([...first, ...more].map(header));
  });

  it('writes zeros ahead of the log and, after a reopen, goes on writing over them', async () => {
    const { storage } = await openLog({ preallocateBytes: 1024 * 1024 });
    const first = await storage.append([event()]);
    await storage.close();
    expect(storage.stats.preallocations).toBe(1);
    const fileLength = statSync(lastSegment()).size;
    expect(fileLength).toBeGreaterThanOrEqual(1024 * 1024);

    const second = await openLog({ preallocateBytes: 1024 * 1024 });
    expect(second.storage.recovery?.truncatedBytes).toBe(0);
    const more = await second.storage.append([event(), event()]);
    await second.storage.close();
    expect(statSync(lastSegment()).size).toBe(fileLength);
    expect(second.storage.stats.preallocations).toBe(0);

    const third = await openLog();
    expect(third.recovered).toEqual([...first, ...more].map(header));
  });

  it('grows a file only by its own writes when preallocation is off', async () => {
    const { storage } = await openLog({ preallocateBytes: 0 });
    await storage.append([event()]);
    const logEnd = Number(storage.nextPosition) - FRAME_HEADER_SIZE;
    await storage.close();
    expect(statSync(lastSegment()).size).toBe(logEnd);
    expect(storage.stats.preallocations).toBe(0);
  });

  it('opens a log whose earlier segment kept its preallocated zeros (crash before they were cut)', async () => {
    const { storage } = await openLog({ segmentSize: 4096 });
    const stored: StoredEvent[] = [];
    for (let i = 0; i < 10; i++) stored.push(...(await storage.append([event('s', 600)])));
    await storage.close();
    expect(segmentFiles().length).toBeGreaterThan(1);
    appendFileSync(join(dir, segmentFiles()[0]), Buffer.alloc(3000));

    const { recovered, storage: again } = await openLog({ segmentSize: 4096 });
    expect(recovered).toEqual(stored.map(header));
    for (const e of stored) expect(Buffer.from(again.read(e.position).data)).toEqual(Buffer.from(e.data));
  });

  it('drops a torn last batch wholly', async () => {
    const { storage } = await openLog();
    const kept = await storage.append([event(), event()]);
    const torn = await storage.append([event(), event(), event(), event()]);
    await storage.close();
    const tornStart = Number(torn[0].position) - 20;
    truncateSync(lastSegment(), tornStart + 150);

    const { recovered, storage: again } = await openLog();
    expect(recovered).toEqual(kept.map(header));
    expect(() => again.read(torn[0].position)).toThrow(/no event at position/);
  });

  it('rolls over to new segment files and reads across them', async () => {
    const { storage } = await openLog({ segmentSize: 4096 });
    const stored: StoredEvent[] = [];
    for (let i = 0; i < 20; i++) stored.push(...(await storage.append([event('s', 300), event('s', 300)])));
    expect(segmentFiles().length).toBeGreaterThan(3);
    for (const f of segmentFiles().slice(0, -1))
      expect(statSync(join(dir, f)).size).toBeLessThan(4096 + 1000);
    await storage.close();

    const { storage: again, recovered } = await openLog({ segmentSize: 4096 });
    expect(recovered).toEqual(stored.map(header));
    for (const e of stored) expect(Buffer.from(again.read(e.position).data)).toEqual(Buffer.from(e.data));
  });

  it('keeps the body cache within its bound while serving reads from disk', async () => {
    const { storage } = await openLog({ cacheBytes: 64 * 1024, tailBytes: 0 });
    const stored = (
      await Promise.all(Array.from({ length: 300 }, () => storage.append([event('s', 1000)])))
    ).flat();
    let largestCache = 0;
    const wrong: bigint[] = [];
    for (let round = 0; round < 2; round++) {
      for (const e of [...stored].reverse()) {
        if (!Buffer.from(storage.read(e.position).data).equals(e.data)) wrong.push(e.position);
        largestCache = Math.max(largestCache, storage.stats.cacheBytes);
      }
    }
    expect(wrong).toEqual([]);
    expect(largestCache).toBeLessThanOrEqual(64 * 1024);
    expect(storage.stats.cacheMisses).toBeGreaterThan(300);
  });

  it('serves the events just appended from the tail of the log kept in memory', async () => {
    // A ring much smaller than what passes through it: records straddle its wrap point.
    const { storage } = await openLog({ tailBytes: 4096, cacheBytes: 0 });
    const stored: StoredEvent[] = [];
    let reads = 0;
    for (let i = 0; i < 40; i++) {
      stored.push(...(await storage.append([event('s', 10 + ((i * 37) % 300)), event('t', 5)])));
      const recent = stored.slice(-4);
      const wrong = recent.filter((e) => !Buffer.from(storage.read(e.position).data).equals(e.data));
      expect(wrong).toEqual([]);
      reads += recent.length;
    }
    expect(storage.stats.tailHits).toBe(reads);
    // Older events are read from disk, intact.
    const hits = storage.stats.tailHits;
    expect(stored.map((e) => header(storage.read(e.position)))).toEqual(stored.map(header));
    expect(storage.stats.tailHits - hits).toBeLessThan(stored.length);
  });

  it('refuses to open a log corrupted in the middle', async () => {
    const { storage } = await openLog();
    const early = await storage.append([event()]);
    for (let i = 0; i < 5; i++) await storage.append([event()]);
    await storage.close();
    const file = lastSegment();
    const bytes = await readFile(file);
    bytes[Number(early[0].position) + 60] ^= 0xff;
    await writeFile(file, bytes);

    await expect(openLog()).rejects.toThrow(LogCorruptionError);
  });

  it('treats damage inside the last group commit as a torn write, even with intact batches after it', async () => {
    const { storage } = await openLog();
    const kept = await storage.append([event()]);
    // One flush: after a power loss its pages may reach the disk in any order.
    const lastFlush = await Promise.all([
      storage.append([event()]),
      storage.append([event()]),
      storage.append([event()]),
    ]);
    expect(storage.stats.flushes).toBe(2);
    await storage.close();
    const file = lastSegment();
    const bytes = await readFile(file);
    bytes[Number(lastFlush[0][0].position) + 60] ^= 0xff;
    await writeFile(file, bytes);

    const { recovered } = await openLog();
    expect(recovered).toEqual(kept.map(header));
  });

  it('reports a body damaged on disk after open instead of returning wrong bytes', async () => {
    const { storage } = await openLog({ cacheBytes: 0, tailBytes: 0 });
    const [stored] = await storage.append([event('s', 500)]);
    const file = lastSegment();
    const bytes = await readFile(file);
    bytes[Number(stored.position) + 300] ^= 0xff;
    await writeFile(file, bytes);

    expect(() => storage.read(stored.position)).toThrow(/corrupt event record/);
  });

  it('removes a next segment whose creation was torn', async () => {
    const { storage } = await openLog({ segmentSize: 4096 });
    const stored = await storage.append([event('s', 5000)]);
    await storage.close();
    writeFileSync(join(dir, 'chunk-000001.log'), Buffer.alloc(10));

    const { recovered, storage: again } = await openLog({ segmentSize: 4096 });
    expect(recovered).toEqual(stored.map(header));
    expect(segmentFiles()).toEqual(['chunk-000000.log']);
    await again.append([event()]);
    expect(segmentFiles()).toEqual(['chunk-000000.log', 'chunk-000001.log']);
  });

  it('rejects the pending appends on a disk error, and later ones, without acknowledging them', async () => {
    let failSync = false;
    const { storage } = await openLog({
      ioHook: (kind) => {
        if (kind === 'sync' && failSync) throw new Error('EIO: simulated disk failure');
      },
    });
    const kept = await storage.append([event()]);
    failSync = true;
    const failing = [storage.append([event()]), storage.append([event(), event()])];
    for (const p of failing) await expect(p).rejects.toThrow(/write failed.*EIO/);
    failSync = false;
    await expect(storage.append([event()])).rejects.toThrow(/until reopened/);
    await storage.close();

    const { recovered } = await openLog();
    expect(recovered).toEqual(kept.map(header));
  });

  it('reads many records at once as it reads each, over segment ends, gaps and the tail', async () => {
    const { storage } = await openLog({ segmentSize: 4096, tailBytes: 2048 });
    const stored: StoredEvent[] = [];
    for (let i = 0; i < 40; i++) stored.push(...(await storage.append([event(), event('other', 300)])));
    const wanted = stored.filter((_, i) => i % 3 !== 1).map((e) => Number(e.position));
    const expected = wanted.map((position) => storage.read(BigInt(position)));
    expect(storage.readMany(wanted)).toEqual(expected);
    await storage.close();
    const { storage: reopened } = await openLog({ segmentSize: 4096, tailBytes: 0 });
    expect(reopened.readMany(wanted)).toEqual(expected);
    expect(() => reopened.readMany([Number(stored[0]!.position) + 1])).toThrow(/no event at position/);
  });

  it('refuses a second open of the same directory while the first is open', async () => {
    const { storage } = await openLog();
    await expect(openLog()).rejects.toThrow(/already open in this process/);
    await storage.close();
    await expect(openLog()).resolves.toBeDefined();
  });

  it('takes over a lock left by a crashed process whose pid is now its own (pid 1 in a container)', async () => {
    const { storage } = await openLog();
    const [written] = await storage.append([event()]);
    await storage.close();
    await writeFile(join(dir, 'LOCK'), `${process.pid}\n`);
    const { recovered } = await openLog();
    expect(recovered).toEqual([header(written!)]);
    await expect(openLog()).rejects.toThrow(/already open in this process/);
  });

  it('refuses a lock held by another live process', async () => {
    await writeFile(join(dir, 'LOCK'), `${process.ppid}\n`);
    await expect(openLog()).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('flushes pending appends on close and then rejects appends clearly', async () => {
    const { storage } = await openLog();
    const pending = storage.append([event()]);
    await storage.close();
    await expect(pending).resolves.toHaveLength(1);
    await expect(storage.append([event()])).rejects.toThrow(/closed/);
  });

  it('rejects an event it cannot encode and goes on working', async () => {
    const { storage } = await openLog();
    await expect(storage.append([event('x'.repeat(70_000))])).rejects.toThrow(/stream name is longer/);
    await expect(storage.append([event()])).resolves.toHaveLength(1);
  });
});
