/** A field documents are ordered by; ties are broken by `_id`, so the order is total. */
export type PageOrder = {
  /** A document field, always from a fixed table, never client text. */
  field: string;
  kind: 'number' | 'date' | 'string';
  direction: 1 | -1;
  /** The field changes after a document is written (a balance): pages walk a frozen order. */
  changes?: true;
};

/** Maps a `sort` parameter (`balance`, `-openedAt`, …) through an endpoint's fixed table. */
export function pageOrder(
  sort: string,
  fields: Readonly<Record<string, Omit<PageOrder, 'direction'>>>,
): PageOrder {
  const descending = sort.startsWith('-');
  const field = fields[descending ? sort.slice(1) : sort];
  if (!field) throw new Error(`Unknown sort ${sort}: the DTO should have refused it`);
  return { ...field, direction: descending ? -1 : 1 };
}

/** Every sort value an endpoint's DTO accepts: each name, ascending or descending. */
export function sortValues(fields: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(fields).flatMap((name) => [name, `-${name}`]);
}
