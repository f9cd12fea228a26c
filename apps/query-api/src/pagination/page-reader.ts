import { Injectable } from '@nestjs/common';
import type { Document, Filter, FindCursor, Sort } from 'mongodb';
import { ReadModelCollections } from '../read-models/read-model-collections.js';
import { type CursorKey, PageCursors } from './page-cursor.js';
import type { PageOrder } from './page-order.js';

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

/** A list's pages: one page from the cursor, or every document from the cursor on (exports). */
export type Pages<D> = {
  page(): Promise<{ documents: D[]; nextCursor: string | null }>;
  all(): AsyncIterable<D>;
};

/**
 * Keyset pagination on (sort field, _id): a page starts strictly after the last item handed out,
 * so inserts and changes elsewhere never shift it, unlike skip/offset.
 */
@Injectable()
export class PageReader {
  constructor(
    private readonly collections: ReadModelCollections,
    private readonly cursors: PageCursors,
  ) {}

  pages<D extends Document>(list: ListRequest<D>): Pages<D> {
    return { page: () => this.page(list), all: () => this.all(list) };
  }

  async page<D extends Document>(
    list: ListRequest<D>,
  ): Promise<{ documents: D[]; nextCursor: string | null }> {
    const found = await (await this.find(list)).limit(list.limit + 1).toArray();
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
    const cursor = (await this.find(list)).batchSize(500);
    try {
      for await (const document of cursor) yield document;
    } finally {
      await cursor.close();
    }
  }

  private async find<D extends Document>(list: ListRequest<D>): Promise<FindCursor<D>> {
    const { order } = list;
    const start = list.cursor === undefined ? undefined : this.cursors.decode(list.cursor, list.query, order);
    const filter = start ? { $and: [list.filter, after(order, start)] } : list.filter;
    const sort: Sort =
      order.field === '_id'
        ? { _id: order.direction }
        : { [order.field]: order.direction, _id: order.direction };
    const collection = await this.collections.collection<D>(list.readModel);
    return collection.find(filter as Filter<D>, { sort }) as unknown as FindCursor<D>;
  }
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
