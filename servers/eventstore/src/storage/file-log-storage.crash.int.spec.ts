import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashEventData } from './crash-writer.script.js';
import { FileLogStorage } from './file-log-storage.js';
import type { StoredEventHeader } from './log-storage.js';

const SCRIPT = fileURLToPath(new URL('./crash-writer.script.ts', import.meta.url));
/** The repository root, where `@swc-node/register` resolves from. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ACKS_BEFORE_KILL = 3000;

interface Ack {
  position: bigint;
  eventId: string;
  writer: number;
  seq: number;
}

/** Runs the writer child until it has acknowledged enough events, SIGKILLs it, returns its acks. */
function runAndKill(dataDir: string): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', SCRIPT, dataDir, '6'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let lines = 0;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      lines += chunk.split('\n').length - 1;
      if (lines >= ACKS_BEFORE_KILL) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL' || lines < ACKS_BEFORE_KILL) {
        return reject(new Error(`writer ended early (signal ${signal}, ${lines} acks): ${err}`));
      }
      // The last line may have been cut by the kill: only whole lines count as acknowledged.
      const whole = out.slice(0, out.lastIndexOf('\n'));
      resolve(
        whole.split('\n').map((line) => {
          const [position, eventId, writer, seq] = line.split(' ');
          return { position: BigInt(position), eventId, writer: Number(writer), seq: Number(seq) };
        }),
      );
    });
  });
}

describe('FileLogStorage after the writing process is killed', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-log-crash-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event, intact and in order, and only whole batches', async () => {
    const acks = await runAndKill(dir);

    const storage = new FileLogStorage(dir, { segmentSize: 256 * 1024 });
    const recovered: StoredEventHeader[] = [];
    await storage.open((h) => recovered.push(h));
    try {
      // Problems are collected and compared once: thousands of expect calls would dominate the run.
      const byPosition = new Map(recovered.map((h) => [h.position, h]));
      const lost = acks.filter((ack) => byPosition.get(ack.position)?.eventId !== ack.eventId);
      expect(lost).toEqual([]);
      // Acks are printed in resolution order, which is call order: their positions increase.
      const misordered = acks.filter((ack, i) => i > 0 && ack.position <= acks[i - 1].position);
      expect(misordered).toEqual([]);
      expect(new Set(recovered.map((h) => h.eventId)).size).toBe(recovered.length);
      expect(recovered.length).toBeGreaterThanOrEqual(acks.length);

      // Every recovered event, acknowledged or not, has its exact body, and batches are whole.
      const damaged: bigint[] = [];
      const batches = new Map<string, { count: number; seen: number }>();
      for (const h of recovered) {
        const data = Buffer.from(storage.read(h.position).data);
        const body = JSON.parse(data.toString('utf8'));
        if (!data.equals(crashEventData(h.eventId, body.writer, body.seq, body.index, body.count))) {
          damaged.push(h.position);
        }
        const key = `${body.writer}/${body.seq}`;
        const batch = batches.get(key) ?? { count: body.count, seen: 0 };
        batch.seen++;
        batches.set(key, batch);
      }
      expect(damaged).toEqual([]);
      const partial = [...batches].filter(([, b]) => b.seen !== b.count).map(([key]) => key);
      expect(partial).toEqual([]);

      const again = {
        ...recovered[0],
        eventId: 'after-crash',
        data: Buffer.from('{}'),
        metadata: Buffer.alloc(0),
      };
      const after = await storage.append([again]);
      expect(after[0].position).toBeGreaterThan(recovered.at(-1)!.position);
    } finally {
      await storage.close();
    }
  }, 30_000);
});
