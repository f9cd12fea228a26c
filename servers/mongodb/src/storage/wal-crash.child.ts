/**
 * Crash-test child: commits put-changes from many concurrent committers and prints each one
 * once it is acknowledged, until the parent kills it. Usage: <data dir> <round>.
 */
import { Double, Int32, Long } from 'bson';
import { MapState } from './map-state.testing.js';
import type { Change } from './mongo-storage.js';
import { WalMongoStorage } from './wal-mongo-storage.js';

const [dir, round] = process.argv.slice(2);
const state = new MapState();
const storage = new WalMongoStorage(dir, { snapshotAfterBytes: 32 * 1024 });
await storage.open(state.apply, state.dump);
process.stdout.write(`ready ${state.docs.size}\n`);

let next = 0;
async function committer(): Promise<void> {
  for (;;) {
    const n = next++;
    const id = `${round}-${n}`;
    // Two documents per batch: after the crash both or neither must be there.
    const changes: Change[] = [
      {
        t: 'put',
        db: 'crash',
        coll: 'docs',
        doc: { _id: id, n: new Int32(n), l: Long.fromNumber(n), d: new Double(1) },
      },
      { t: 'put', db: 'crash', coll: 'pairs', doc: { _id: id, pad: 'p'.repeat(n % 200) } },
    ];
    for (const change of changes) state.apply(change);
    await storage.commit(changes);
    process.stdout.write(`ack ${id} ${storage.stats.snapshots}\n`);
  }
}

await Promise.all(Array.from({ length: 16 }, committer));
