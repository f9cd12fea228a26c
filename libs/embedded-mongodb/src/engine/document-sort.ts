import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { compareValues } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';
import { getIndexValues } from './document-path.js';
import { MINGO_OPTIONS } from './mingo-query.js';

/** The value a document sorts by: MongoDB takes an array's smallest element ascending, largest descending. */
function sortKey(doc: Document, path: string, direction: number): unknown {
  const values = getIndexValues(doc, path);
  if (values.length <= 1) return values[0];
  return values.reduce((best, v) => (compareValues(v, best) * direction < 0 ? v : best));
}

/** Sorts in place by a sort specification such as `{ a: 1, 'b.c': -1 }` (stable, as MongoDB). */
export function sortDocuments<T>(items: T[], spec: Document, docOf: (item: T) => Document): T[] {
  const keys = Object.entries(spec).filter(([k]) => k !== '$natural');
  if (keys.length === 0) return spec.$natural === -1 ? items.reverse() : items;
  const fields = keys.map(([path, dir]) => {
    const direction = Number(dir);
    if (direction !== 1 && direction !== -1) {
      throw new MongoCommandError(
        'BadValue',
        `$sort key ordering must be 1 (for ascending) or -1 (for descending)`,
      );
    }
    return { path, direction };
  });
  const decorated = items.map((item) => ({
    item,
    keys: fields.map((f) => sortKey(docOf(item), f.path, f.direction)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i]);
      if (c !== 0) return c * fields[i].direction;
    }
    return 0;
  });
  return decorated.map((d) => d.item);
}

const projector = new Query({}, MINGO_OPTIONS);

/** Applies a find projection; mingo keeps BSON value objects as they are. */
export function projectDocuments(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    return projector.find<Document>(docs, projection).all();
  } catch (e) {
    throw new MongoCommandError('BadValue', (e as Error).message);
  }
}
