/**
 * Child process for the crash test: several writers append concurrently, forever, and each
 * acknowledged event is printed as `<position> <eventId> <writer> <seq> <index>/<count>` once its
 * append resolved. The test SIGKILLs this process and checks the printed events survived.
 * Usage: node --import @swc-node/register/esm-register crash-writer.script.ts <dataDir> <writers>
 */
import { createHash, randomUUID } from 'node:crypto';
import { FileLogStorage } from './file-log-storage.js';
import type { EventRecord } from './log-storage.js';

/** The body each event carries, derivable from its id, so that the test can check it byte for byte. */
export function crashEventData(
  eventId: string,
  writer: number,
  seq: number,
  index: number,
  count: number,
): Buffer {
  const digest = createHash('sha256').update(eventId).digest('hex');
  return Buffer.from(
    JSON.stringify({ eventId, writer, seq, index, count, filler: digest.repeat(1 + (seq % 4)) }),
  );
}

async function writer(storage: FileLogStorage, writerId: number): Promise<never> {
  for (let seq = 0; ; seq++) {
    const count = 1 + (seq % 3);
    const batch: EventRecord[] = Array.from({ length: count }, (_, index) => {
      const eventId = randomUUID();
      return {
        streamName: `crash-${writerId}`,
        revision: BigInt(seq),
        eventId,
        type: 'CrashTested',
        contentType: 'application/json',
        created: BigInt(Date.now()) * 10_000n,
        data: crashEventData(eventId, writerId, seq, index, count),
        metadata: new Uint8Array(0),
      };
    });
    const stored = await storage.append(batch);
    // stdout to a pipe is synchronous on Linux: a printed line was acknowledged before any kill.
    process.stdout.write(
      stored.map((e, index) => `${e.position} ${e.eventId} ${writerId} ${seq} ${index}/${count}\n`).join(''),
    );
  }
}

const [dataDir, writers = '4'] = process.argv.slice(2);
if (process.argv[1]?.endsWith('crash-writer.script.ts') && dataDir) {
  const storage = new FileLogStorage(dataDir, { segmentSize: 256 * 1024 });
  await storage.open(() => undefined);
  await Promise.all(Array.from({ length: Number(writers) }, (_, w) => writer(storage, w)));
}
