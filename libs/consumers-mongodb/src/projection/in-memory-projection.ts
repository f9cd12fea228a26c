import type { ConsumedEvent, Message } from '@ledger/consumers';
import { POSITION_FIELD, type UpdateOp } from './document-update.js';
import type { MongoProjection } from './mongo-projection.js';

type Doc = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function parentOf(doc: Doc, path: string): [Doc, string] {
  const keys = path.split('.');
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Doc;
  }
  return [node, keys.at(-1)!];
}

function apply(doc: Doc, op: UpdateOp, inserting: boolean): void {
  const [parent, key] = parentOf(doc, op.path);
  const current = parent[key];
  switch (op.op) {
    case 'set':
      parent[key] = structuredClone(op.value);
      return;
    case 'setOnInsert':
      if (inserting) parent[key] = structuredClone(op.value);
      return;
    case 'inc':
      if (current !== undefined && typeof current !== 'number')
        throw new Error(`Cannot inc ${op.path}: not a number`);
      parent[key] = ((current as number | undefined) ?? 0) + op.value;
      return;
    case 'max':
    case 'min': {
      const better = (a: unknown, b: unknown) =>
        op.op === 'max' ? (a as number) > (b as number) : (a as number) < (b as number);
      if (current === undefined || better(op.value, current)) parent[key] = structuredClone(op.value);
      return;
    }
    case 'push':
    case 'addToSet': {
      if (current !== undefined && !Array.isArray(current))
        throw new Error(`Cannot ${op.op} to ${op.path}: not an array`);
      const list = [...((current as unknown[] | undefined) ?? [])];
      for (const value of op.values)
        if (op.op === 'push' || !list.some((kept) => same(kept, value))) list.push(structuredClone(value));
      parent[key] = list;
      return;
    }
  }
}

/**
 * A projection's intents applied in memory, event after event, with MongoDB's meaning of each
 * operator: read-model tests as given events → then documents, with no server. Plain messages get
 * positions 1, 2, 3… in one stream.
 */
export function projectInMemory<E extends Message, D>(
  projection: MongoProjection<E, D>,
  events: ReadonlyArray<ConsumedEvent<E> | E>,
  documents: Map<string, Doc> = new Map(),
): Map<string, D & { _id: string; position: bigint }> {
  events.forEach((given, index) => {
    const event: ConsumedEvent<E> =
      'position' in given
        ? given
        : {
            id: `given-${index}`,
            stream: 'given',
            revision: BigInt(index),
            position: BigInt(index + 1),
            recordedAt: new Date(0),
            event: given,
            metadata: {},
          };
    for (const [id, update] of projection.updatesFor(event)) {
      const existing = documents.get(id);
      const doc: Doc = existing ?? { _id: id };
      update.ops.forEach((op) => apply(doc, op, existing === undefined));
      doc[POSITION_FIELD] = event.position;
      documents.set(id, doc);
    }
  });
  return documents as Map<string, D & { _id: string; position: bigint }>;
}
