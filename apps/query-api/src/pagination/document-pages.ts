import type { PageCursors } from './page-cursor.js';
import type { Pages } from './page-reader.js';

const BY_ID = { field: '_id', kind: 'string', direction: 1 } as const;

/**
 * Pages over documents computed in memory (a bounded aggregation), ordered by `_id`, with the
 * same cursors as the collections' pages, so clients page and export them the same way.
 */
export function documentPages<D extends { _id: string }>(
  documents: D[],
  list: { query: unknown; cursor?: string; limit: number },
  cursors: PageCursors,
): Pages<D> {
  const after = list.cursor === undefined ? undefined : cursors.decode(list.cursor, list.query, BY_ID).id;
  const rest = after === undefined ? documents : documents.filter((d) => d._id > after);
  return {
    page: async () => {
      const page = rest.slice(0, list.limit);
      const last = page.at(-1);
      const more = rest.length > list.limit && last !== undefined;
      return {
        documents: page,
        nextCursor: more ? cursors.encode(list.query, BY_ID, { value: last._id, id: last._id }) : null,
      };
    },
    all: async function* () {
      yield* rest;
    },
  };
}
