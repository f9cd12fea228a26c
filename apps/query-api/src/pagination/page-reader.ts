import { Injectable } from '@nestjs/common';
import type { Collection, Document, Filter, FindCursor, Sort } from 'mongodb';
import { ReadModelCollections } from '../read-models/read-model-collections.js';
import { type CursorKey, PageCursors, type PagePosition, type SnapshotKey } from './page-cursor.js';
import type { PageOrder } from './page-order.js';
import { PageSnapshots } from './page-snapshots.js';

/** One list request, its filter already built from validated parameters. */
export type ListRequest<D> = {
  readModel: string;
  filter: Filter<D>;
  order: PageOrder;
  /** The validated parameters that shape the result (not cursor or limit): the cursor's fingerprint. */
  query: unknown;
  cursor?: string;
  limit: number;
};

export type Page<D> = { documents: D[]; nextCursor: string | null };

/** A list's pages: one page from the cursor, or every document from the cursor on (exports). */
export type Pages<D> = {
  page(): Promise<Page<D>>;
  all(): AsyncIterable<D>;
};

/** Ids fetched per round trip when an export walks a frozen order. */
const FROZEN_BATCH = 500;

/**
 * Keyset pagination on (sort field, _id): a page starts strictly after the last item handed out,
 * so inserts and changes elsewhere never shift it, unlike skip/offset. A sort on a field that
 * changes (a balance) would still skip or repeat a document moving across the cursor, so such a
 * listing, once longer than a page, walks the order frozen at its first page (PageSnapshots);
 * each document shows its current values, and one that no longer matches the filter is left out.
 */
@Injectable()
export class PageReader {
  constructor(
    private readonly collections: ReadModelCollections,
    private readonly cursors: PageCursors,
    private readonly snapshots: PageSnapshots,
  ) {}

  pages<D extends Document>(list: ListRequest<D>): Pages<D> {
    return { page: () => this.page(list), all: () => this.all(list) };
  }

  async page<D extends Document>(list: ListRequest<D>): Promise<Page<D>> {
    const position = this.position(list);
    if (position && 'frozen' in position) return this.frozenPage(list, position.frozen);
    if (list.order.changes && position === undefined) return this.firstFrozenPage(list);
    const found = await (await this.find(list, position?.after)).limit(list.limit + 1).toArray();
    const documents = found.slice(0, list.limit);
    const last = documents.at(-1);
    const more = found.length > list.limit && last !== undefined;
    return {
      documents,
      nextCursor: more ? this.cursors.encode(list.query, list.order, keyOf(last, list.order)) : null,
    };
  }

  /** Every document from the cursor on, fetched in batches: an export never holds the whole result. */
  async *all<D extends Document>(list: ListRequest<D>): AsyncGenerator<D> {
    const position = this.position(list);
    if (position && 'frozen' in position) {
      let offset = position.frozen.offset;
      for (;;) {
        const { documents, total } = await this.frozenSlice(
          list,
          { ...position.frozen, offset },
          FROZEN_BATCH,
        );
        yield* documents;
        offset += FROZEN_BATCH;
        if (offset >= total) return;
      }
    }
    const cursor = (await this.find(list, position?.after)).batchSize(500);
    try {
      for await (const document of cursor) yield document;
    } finally {
      await cursor.close();
    }
  }

  private position<D>(list: ListRequest<D>): PagePosition | undefined {
    return list.cursor === undefined
      ? undefined
      : this.cursors.decodePosition(list.cursor, list.query, list.order);
  }

  /**
   * One scan of the matching ids in order: a listing that fits one page is served from it as it
   * is; a longer one is frozen first, so that its first page comes from the same order as the rest.
   */
  private async firstFrozenPage<D extends Document>(list: ListRequest<D>): Promise<Page<D>> {
    const scan = (await this.find(list, undefined)).project<{ _id: string }>({ _id: 1 });
    const batches = idBatches(scan);
    const first = await collectUpTo(batches, list.limit + 1);
    if (first.length <= list.limit) {
      return { documents: await this.byIds(list, first), nextCursor: null };
    }
    let snapshot: string;
    try {
      ({ snapshot } = await this.snapshots.take(concat(first, batches)));
    } finally {
      // Refused before reading the rest (too many listings open), the scan's cursor is closed here.
      await batches.return(undefined);
    }
    return this.frozenPage(list, { snapshot, offset: 0 });
  }

  private async frozenPage<D extends Document>(list: ListRequest<D>, key: SnapshotKey): Promise<Page<D>> {
    const { documents, total } = await this.frozenSlice(list, key, list.limit);
    const next = key.offset + list.limit;
    return {
      documents,
      nextCursor:
        next < total ? this.cursors.encodeFrozen(list.query, list.order, { ...key, offset: next }) : null,
    };
  }

  /** The documents at those places of the frozen order that still match the filter, in that order. */
  private async frozenSlice<D extends Document>(
    list: ListRequest<D>,
    key: SnapshotKey,
    count: number,
  ): Promise<{ documents: D[]; total: number }> {
    const { ids, total } = await this.snapshots.slice(key.snapshot, key.offset, count);
    return { documents: await this.byIds(list, ids), total };
  }

  /** Those documents that still match the filter, in the order of `ids`. */
  private async byIds<D extends Document>(list: ListRequest<D>, ids: string[]): Promise<D[]> {
    if (ids.length === 0) return [];
    const collection: Collection<{ _id: string }> = await this.collections.collection(list.readModel);
    const filter = { $and: [list.filter, { _id: { $in: ids } }] } as Filter<{ _id: string }>;
    const found = (await collection.find(filter).toArray()) as unknown as D[];
    const byId = new Map(found.map((document) => [document._id as string, document]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async find<D extends Document>(
    list: ListRequest<D>,
    start: CursorKey | undefined,
  ): Promise<FindCursor<D>> {
    const { order } = list;
    const filter = start ? { $and: [list.filter, after(order, start)] } : list.filter;
    const sort: Sort =
      order.field === '_id'
        ? { _id: order.direction }
        : { [order.field]: order.direction, _id: order.direction };
    const collection = await this.collections.collection<D>(list.readModel);
    return collection.find(filter as Filter<D>, { sort }) as unknown as FindCursor<D>;
  }
}

/**
 * A scan's ids, a driver batch at a time: one await per batch rather than per id, which a
 * listing frozen over thousands of ids would otherwise pay in promises and garbage.
 */
async function* idBatches(cursor: FindCursor<{ _id: string }>): AsyncGenerator<string[]> {
  try {
    while (await cursor.hasNext()) yield cursor.readBufferedDocuments().map((document) => document._id);
  } finally {
    await cursor.close();
  }
}

/** At least `count` items from the batches (fewer only when they end first: then done and closed). */
async function collectUpTo<T>(batches: AsyncIterator<T[]>, count: number): Promise<T[]> {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = await batches.next();
    if (next.done) break;
    for (const item of next.value) taken.push(item);
  }
  return taken;
}

/** `first`, then the rest; whoever began the rest closes it (firstFrozenPage does). */
async function* concat<T>(first: T[], rest: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  yield first;
  yield* rest;
}

function after(order: PageOrder, key: CursorKey): Filter<Document> {
  const op = order.direction === 1 ? '$gt' : '$lt';
  if (order.field === '_id') return { _id: { [op]: key.id } };
  return {
    $or: [{ [order.field]: { [op]: key.value } }, { [order.field]: key.value, _id: { [op]: key.id } }],
  };
}

function keyOf(document: Document, order: PageOrder): CursorKey {
  return { value: document[order.field] as CursorKey['value'], id: document._id as string };
}
