import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Db } from 'mongodb';

export const PAGE_SNAPSHOTS_COLLECTION = 'query_page_snapshots';

/** Ids per stored chunk: a page (≤ 500) spans at most two. */
const CHUNK_SIZE = 1_000;

/** How long a listing sorted by a changing field can be paged on (Elasticsearch's keep_alive). */
export const SNAPSHOT_TTL_MS = 15 * 60_000;

/** The most matches one snapshot freezes; past it the client narrows the filter or sorts otherwise. */
export const MAX_SNAPSHOT_IDS = 100_000;

/** Live chunks over all listings (≈ 5 M ids, ~250 MB in MongoDB at most) before new ones wait. */
export const MAX_LIVE_CHUNKS = 5_000;

/**
 * First pages freezing their order at once, in this process; one more is refused (503). Each
 * reads every matching id (7,700 over 100,000 accounts in bench:queries): 64 at once held 2.5 GB.
 */
export const MAX_FREEZES_AT_ONCE = 8;

type SnapshotChunk = { _id: string; ids: string[]; total: number; expiresAt: Date };

/** A cursor from a snapshot that has expired (or never existed on this database). */
export class SnapshotExpiredError extends Error {
  constructor() {
    super('This listing was sorted more than 15 minutes ago; start again without the cursor.');
  }
}

/** A first page would freeze more ids than a snapshot holds. */
export class SnapshotTooLargeError extends Error {
  constructor() {
    super(
      `More than ${MAX_SNAPSHOT_IDS} documents match: narrow the filter, or sort by a field that never changes.`,
    );
  }
}

/** Too many listings are being paged at once. */
export class SnapshotCapacityError extends Error {
  constructor() {
    super('Too many sorted listings are open at once; retry shortly.');
  }
}

/**
 * The order of a listing sorted by a field that changes (an account's balance), frozen at its
 * first page, so that later pages neither skip nor repeat a document whose value moved across the
 * cursor — a point in time, as Elasticsearch keeps for `search_after`. The ids live in MongoDB,
 * not in one process, so any copy of the query API can serve the next page.
 */
@Injectable()
export class PageSnapshots {
  private indexed?: Promise<unknown>;
  private freezing = 0;

  constructor(private readonly db: Db) {}

  /**
   * Stores every id in order, given in batches; ids seen twice (a document moved during the scan)
   * count once. Refused (SnapshotCapacityError) past MAX_FREEZES_AT_ONCE or MAX_LIVE_CHUNKS.
   */
  async take(ids: AsyncIterable<readonly string[]>): Promise<{ snapshot: string; total: number }> {
    if (this.freezing >= MAX_FREEZES_AT_ONCE) throw new SnapshotCapacityError();
    this.freezing++;
    try {
      return await this.freeze(ids);
    } finally {
      this.freezing--;
    }
  }

  private async freeze(ids: AsyncIterable<readonly string[]>): Promise<{ snapshot: string; total: number }> {
    const chunks = this.chunks();
    this.indexed ??= chunks.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await this.indexed;
    const now = new Date();
    // Real MongoDB expires chunks by the TTL index; this bounds the collection on servers without one.
    await chunks.deleteMany({ expiresAt: { $lte: now } });
    // The collection's own count (metadata on MongoDB), not a count of its documents: that one
    // reads every chunk, and each first page would pay for all the listings open before it.
    if ((await chunks.estimatedDocumentCount()) >= MAX_LIVE_CHUNKS) throw new SnapshotCapacityError();

    const frozen = await collectDistinct(ids);
    const snapshot = randomUUID();
    const expiresAt = new Date(now.getTime() + SNAPSHOT_TTL_MS);
    const documents: SnapshotChunk[] = [];
    for (let start = 0; start < frozen.length || start === 0; start += CHUNK_SIZE) {
      const ids = frozen.slice(start, start + CHUNK_SIZE);
      documents.push({ _id: chunkId(snapshot, start / CHUNK_SIZE), ids, total: frozen.length, expiresAt });
    }
    await chunks.insertMany(documents, { ordered: true });
    return { snapshot, total: frozen.length };
  }

  /** Ids `offset` to `offset + count` in the frozen order, and how many the snapshot holds. */
  async slice(snapshot: string, offset: number, count: number): Promise<{ ids: string[]; total: number }> {
    const first = Math.floor(offset / CHUNK_SIZE);
    const last = Math.floor((offset + count - 1) / CHUNK_SIZE);
    const wanted = Array.from({ length: last - first + 1 }, (_, i) => chunkId(snapshot, first + i));
    const found = await this.chunks()
      .find({ _id: { $in: wanted }, expiresAt: { $gt: new Date() } })
      .toArray();
    const byId = new Map(found.map((chunk) => [chunk._id, chunk]));
    const head = byId.get(wanted[0]!);
    if (!head) throw new SnapshotExpiredError();
    const ids = wanted.flatMap((id) => byId.get(id)?.ids ?? []);
    const skip = offset - first * CHUNK_SIZE;
    return { ids: ids.slice(skip, skip + count), total: head.total };
  }

  private chunks() {
    return this.db.collection<SnapshotChunk>(PAGE_SNAPSHOTS_COLLECTION);
  }
}

async function collectDistinct(batches: AsyncIterable<readonly string[]>): Promise<string[]> {
  const seen = new Set<string>();
  for await (const ids of batches)
    for (const id of ids) {
      if (seen.size === MAX_SNAPSHOT_IDS && !seen.has(id)) throw new SnapshotTooLargeError();
      seen.add(id);
    }
  return [...seen];
}

function chunkId(snapshot: string, index: number): string {
  return `${snapshot}:${index}`;
}
