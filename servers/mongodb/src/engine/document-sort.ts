import type { Document } from 'bson';
import { compareValues } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';
import { getIndexValues } from './document-path.js';

/** The value a document sorts by: MongoDB takes an array's smallest element ascending, largest descending. */
function sortKey(
  doc: Document,
  path: string,
  direction: number,
  valueOf: (v: unknown) => unknown,
  collator: Intl.Collator | undefined,
): unknown {
  const values = getIndexValues(doc, path).map(valueOf);
  if (values.length <= 1) return values[0];
  return values.reduce((best, v) => (compareValues(v, best, collator) * direction < 0 ? v : best));
}

/**
 * Sorts by a sort specification such as `{ a: 1, 'b.c': -1 }` (stable, as MongoDB); `valueOf`
 * maps a value to the one compared (a query view's stand-in back to its BSON value); a collator
 * orders strings by a collation.
 */
export function sortDocuments<T>(
  items: T[],
  spec: Document,
  docOf: (item: T) => Document,
  valueOf: (v: unknown) => unknown = (v) => v,
  collator?: Intl.Collator,
): T[] {
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
    keys: fields.map((f) => sortKey(docOf(item), f.path, f.direction, valueOf, collator)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i], collator);
      if (c !== 0) return c * fields[i].direction;
    }
    return 0;
  });
  return decorated.map((d) => d.item);
}
