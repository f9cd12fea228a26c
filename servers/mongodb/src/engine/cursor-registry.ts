import { Long, type Document } from 'bson';
import { calculateObjectSize } from 'bson';

/** MongoDB's default `cursorTimeoutMillis`. */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;

interface OpenCursor {
  ns: string;
  docs: Document[];
  position: number;
  lastUsed: number;
  /** `noCursorTimeout`: kept until exhausted or killed. */
  noTimeout: boolean;
}

export interface CursorOptions {
  /** Answer in one batch and keep no cursor (find's `singleBatch`, a negative limit). */
  singleBatch?: boolean;
  noTimeout?: boolean;
}

/** Server-side cursors over materialised results; ids are int64, idle ones expire after 10 minutes. */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private nextId = 1n + BigInt(Math.floor(Math.random() * 2 ** 40));
  private readonly sweeper: NodeJS.Timeout;
  /** Cursors dropped for idling since start (serverStatus `metrics.cursor.timedOut`). */
  timedOut = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleTimeoutMs = IDLE_TIMEOUT_MS,
  ) {
    this.sweeper = setInterval(() => this.expire(), Math.min(60_000, Math.max(10, idleTimeoutMs / 2)));
    this.sweeper.unref();
  }

  /** Takes the first batch; registers a cursor only if documents remain. */
  open(
    ns: string,
    docs: Document[],
    batchSize: number | undefined,
    options: CursorOptions = {},
  ): { batch: Document[]; id: Long } {
    const cursor: OpenCursor = {
      ns,
      docs,
      position: 0,
      lastUsed: this.now(),
      noTimeout: options.noTimeout === true,
    };
    const batch = batchSize === 0 ? [] : this.take(cursor, batchSize ?? 101);
    if (options.singleBatch || cursor.position >= docs.length) return { batch, id: Long.ZERO };
    const id = (this.nextId++).toString();
    this.cursors.set(id, cursor);
    return { batch, id: Long.fromString(id) };
  }

  /** The next batch, or undefined when the id is unknown (killed, exhausted or expired). */
  next(id: Long, ns: string, batchSize: number | undefined): { batch: Document[]; id: Long } | undefined {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor || cursor.ns !== ns) return undefined;
    // Between two sweeps a cursor past its idle time is already gone, as on a real server.
    if (!cursor.noTimeout && cursor.lastUsed < this.now() - this.idleTimeoutMs) {
      this.cursors.delete(key);
      this.timedOut++;
      return undefined;
    }
    cursor.lastUsed = this.now();
    const batch = this.take(cursor, batchSize ?? Infinity);
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(key);
      return { batch, id: Long.ZERO };
    }
    return { batch, id };
  }

  kill(id: Long): boolean {
    return this.cursors.delete(id.toString());
  }

  /** Drops cursors idle for longer than the timeout. */
  expire(): void {
    const cutoff = this.now() - this.idleTimeoutMs;
    for (const [id, c] of this.cursors) {
      if (c.lastUsed < cutoff && !c.noTimeout) {
        this.cursors.delete(id);
        this.timedOut++;
      }
    }
  }

  get size(): number {
    return this.cursors.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.cursors.clear();
  }

  private take(cursor: OpenCursor, batchSize: number): Document[] {
    const limit = batchSize > 0 ? batchSize : Infinity;
    const batch: Document[] = [];
    let bytes = 0;
    while (cursor.position < cursor.docs.length && batch.length < limit) {
      const doc = cursor.docs[cursor.position];
      bytes += calculateObjectSize(doc);
      if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
      batch.push(doc);
      cursor.position++;
    }
    return batch;
  }
}
