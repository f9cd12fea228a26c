import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Double, Int32, Long } from 'bson';
import { idKey, MapState } from './map-state.testing.js';
import { WalMongoStorage } from './wal-mongo-storage.js';

const CHILD = fileURLToPath(new URL('./wal-crash.child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wal-crash-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Round {
  acknowledged: string[];
  snapshots: number;
  recovered: number;
}

/** Runs the child until it has acknowledged `killAfter` batches, then SIGKILLs it. */
function crashRound(round: number, killAfter: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', CHILD, dir, String(round)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const result: Round = { acknowledged: [], snapshots: 0, recovered: -1 };
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [kind, id, snapshots] = line.split(' ');
        if (kind === 'ready') result.recovered = Number(id);
        if (kind !== 'ack') continue;
        result.acknowledged.push(id);
        result.snapshots = Number(snapshots);
        if (result.acknowledged.length === killAfter) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(result);
      else reject(new Error(`child exited (${code}) before it was killed: ${stderr}`));
    });
  });
}

describe('WalMongoStorage after a crash', () => {
  it('keeps every acknowledged batch, whole, across repeated SIGKILLs', async () => {
    const acknowledged: string[] = [];
    let snapshots = 0;
    for (let round = 0; round < 3; round++) {
      const result = await crashRound(round, 400 + Math.floor(Math.random() * 600));
      expect(result.recovered).toBeGreaterThanOrEqual(acknowledged.length);
      acknowledged.push(...result.acknowledged);
      snapshots += result.snapshots;
    }
    expect(snapshots).toBeGreaterThan(0);

    const state = new MapState();
    const storage = new WalMongoStorage(dir);
    await storage.open(state.apply, state.dump);
    await storage.close();
    const missing = acknowledged.filter((id) => !state.docs.has(`crash.docs/${idKey(id)}`));
    expect(missing).toEqual([]);
    for (const [key, doc] of state.docs) {
      if (!key.startsWith('crash.docs/')) continue;
      expect(state.docs.has(key.replace('crash.docs/', 'crash.pairs/'))).toBe(true);
      expect(doc.n).toBeInstanceOf(Int32);
      expect(doc.l).toBeInstanceOf(Long);
      expect(doc.d).toBeInstanceOf(Double);
      expect(doc.l.toNumber()).toBe(doc.n.value);
    }
    // Every pair belongs to a document: no batch came back half applied.
    const docs = [...state.docs.keys()].filter((key) => key.startsWith('crash.docs/')).length;
    expect(state.docs.size).toBe(docs * 2);
  }, 30_000);
});
