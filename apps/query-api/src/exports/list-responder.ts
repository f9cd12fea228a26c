import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Document } from 'mongodb';
import { type ListRequest, PageReader, type Pages } from '../pagination/page-reader.js';
import { type CsvColumns, csvLine, csvRow } from './csv.encoder.js';

/** How a read model's documents leave the API: the item (JSON, NDJSON) and its CSV columns. */
export type ListView<D, I> = { toItem: (document: D) => I; columns: CsvColumns };

export type ListPage<I> = { items: I[]; nextCursor: string | null };

const CSV = 'text/csv';
const NDJSON = 'application/x-ndjson';

/**
 * Every list endpoint answers through here: a JSON page by default; with `Accept: text/csv` or
 * `application/x-ndjson`, every page from the cursor on, streamed as MongoDB hands out batches.
 */
@Injectable()
export class ListResponder {
  constructor(private readonly pages: PageReader) {}

  async respond<D extends Document, I extends Record<string, unknown>>(
    request: FastifyRequest,
    reply: FastifyReply,
    list: ListRequest<D>,
    view: ListView<D, I>,
  ): Promise<ListPage<I> | Readable> {
    return this.send(request, reply, this.pages.pages(list), view);
  }

  /** For a list computed elsewhere than one collection's documents (see documentPages). */
  async send<D, I extends Record<string, unknown>>(
    request: FastifyRequest,
    reply: FastifyReply,
    pages: Pages<D>,
    view: ListView<D, I>,
  ): Promise<ListPage<I> | Readable> {
    const format = exportFormat(request.headers.accept);
    if (format === undefined) {
      const { documents, nextCursor } = await pages.page();
      return { items: documents.map(view.toItem), nextCursor };
    }
    const documents = pages.all();
    reply.type(format === CSV ? `${CSV}; charset=utf-8` : NDJSON);
    return Readable.from(format === CSV ? csv(documents, view) : ndjson(documents, view));
  }
}

/** The export a client asked for, if any; JSON otherwise (browsers send `*\/*`). */
export function exportFormat(accept: string | undefined): typeof CSV | typeof NDJSON | undefined {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  if (types.includes(CSV)) return CSV;
  if (types.includes(NDJSON)) return NDJSON;
  return undefined;
}

async function* csv<D, I extends Record<string, unknown>>(documents: AsyncIterable<D>, view: ListView<D, I>) {
  yield csvLine(view.columns);
  for await (const document of documents) yield csvRow(view.toItem(document), view.columns);
}

async function* ndjson<D, I>(documents: AsyncIterable<D>, view: ListView<D, I>) {
  for await (const document of documents) yield `${JSON.stringify(view.toItem(document))}\n`;
}
