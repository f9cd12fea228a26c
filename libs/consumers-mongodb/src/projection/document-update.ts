/** Fields the engine owns on every projected document. */
export const POSITION_FIELD = 'position';
export const RETRIED_FIELD = '_retried';
const RESERVED = new Set(['_id', POSITION_FIELD, RETRIED_FIELD]);

export type UpdateOp =
  | { op: 'set' | 'setOnInsert' | 'max' | 'min'; path: string; value: unknown }
  | { op: 'inc'; path: string; value: number }
  | { op: 'addToSet' | 'push'; path: string; values: unknown[] };

/** Dotted paths of a document type, top level typed, deeper ones free. */
export type DocumentPath<D> = (Extract<keyof D, string> & string) | `${Extract<keyof D, string>}.${string}`;

/**
 * What one event changes in one document: a recorded list of intents, no I/O. The engine folds the
 * intents of several events into one write and adds the position guard.
 */
export class DocumentUpdate<D = Record<string, unknown>> {
  readonly ops: UpdateOp[] = [];

  set(path: DocumentPath<D>, value: unknown): this {
    return this.add({ op: 'set', path, value });
  }

  /** Only when this write creates the document. */
  setOnInsert(path: DocumentPath<D>, value: unknown): this {
    return this.add({ op: 'setOnInsert', path, value });
  }

  inc(path: DocumentPath<D>, by: number): this {
    return this.add({ op: 'inc', path, value: by });
  }

  max(path: DocumentPath<D>, value: unknown): this {
    return this.add({ op: 'max', path, value });
  }

  min(path: DocumentPath<D>, value: unknown): this {
    return this.add({ op: 'min', path, value });
  }

  addToSet(path: DocumentPath<D>, ...values: unknown[]): this {
    return this.add({ op: 'addToSet', path, values });
  }

  push(path: DocumentPath<D>, ...values: unknown[]): this {
    return this.add({ op: 'push', path, values });
  }

  private add(op: UpdateOp): this {
    if (RESERVED.has(op.path.split('.')[0]!))
      throw new Error(`${op.path} is written by the engine, not a projection`);
    this.ops.push(op);
    return this;
  }
}

type Slot = UpdateOp;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const compare = (a: unknown, b: unknown): number => {
  const [x, y] =
    a instanceof Date && b instanceof Date ? [a.getTime(), b.getTime()] : [a as number, b as number];
  return x < y ? -1 : x > y ? 1 : 0;
};
const union = (values: unknown[], more: unknown[]): unknown[] => {
  const result = [...values];
  for (const value of more) if (!result.some((kept) => same(kept, value))) result.push(value);
  return result;
};

/** `then` applied after `first` on one path, as one operator; undefined when that cannot be. */
function merge(first: Slot, then: Slot): Slot | undefined {
  if (then.op === 'set') return then;
  if (first.op === 'set') {
    const value = first.value;
    switch (then.op) {
      case 'inc':
        return typeof value === 'number' ? { ...first, value: value + then.value } : undefined;
      case 'max':
        return { ...first, value: compare(then.value, value) > 0 ? then.value : value };
      case 'min':
        return { ...first, value: compare(then.value, value) < 0 ? then.value : value };
      case 'addToSet':
        return Array.isArray(value) ? { ...first, value: union(value, then.values) } : undefined;
      case 'push':
        return Array.isArray(value) ? { ...first, value: [...value, ...then.values] } : undefined;
      default:
        return undefined;
    }
  }
  if (first.op === 'inc' && then.op === 'inc') return { ...then, value: first.value + then.value };
  if (first.op === 'max' && then.op === 'max') return compare(then.value, first.value) > 0 ? then : first;
  if (first.op === 'min' && then.op === 'min') return compare(then.value, first.value) < 0 ? then : first;
  if (first.op === 'push' && then.op === 'push')
    return { ...then, values: [...first.values, ...then.values] };
  if (first.op === 'addToSet' && then.op === 'addToSet')
    return { ...then, values: union(first.values, then.values) };
  return undefined;
}

const overlaps = (a: string, b: string): boolean =>
  a !== b && (a.startsWith(`${b}.`) || b.startsWith(`${a}.`));

/** Adds `ops` to `slots` (a copy); undefined when they do not fit in the same update document. */
function fold(slots: ReadonlyMap<string, Slot>, ops: ReadonlyArray<Slot>): Map<string, Slot> | undefined {
  const next = new Map(slots);
  for (const op of ops) {
    if ([...next.keys()].some((path) => overlaps(path, op.path))) return undefined;
    const existing = next.get(op.path);
    const merged = existing ? merge(existing, op) : op;
    if (!merged) return undefined;
    next.set(op.path, merged);
  }
  return next;
}

/**
 * Folds the updates that consecutive events make to one document into as few writes as the
 * operators allow: usually one (`set` then `inc` is one `set`, two `inc`s one `inc`). Only the
 * first update can create the document, so its `setOnInsert`s become `set`s when the document does
 * not exist and every other `setOnInsert` is dropped, as MongoDB would ignore it. What cannot share
 * an update document (a path inside another, `inc` after `max`) starts a second write.
 */
export function foldUpdates(
  updates: ReadonlyArray<ReadonlyArray<UpdateOp>>,
  exists: boolean,
): Array<{ slots: Slot[]; first: number; last: number }> {
  const writes: Array<{ slots: Slot[]; first: number; last: number }> = [];
  let slots = new Map<string, Slot>();
  let first = 0;
  updates.forEach((update, index) => {
    const ops = update.flatMap((op): Slot[] =>
      op.op !== 'setOnInsert' ? [op] : index === 0 && !exists ? [{ ...op, op: 'set' }] : [],
    );
    const folded = fold(slots, ops);
    if (folded) {
      slots = folded;
      return;
    }
    if (slots.size > 0) writes.push({ slots: [...slots.values()], first, last: index - 1 });
    slots = singleUpdate(ops);
    first = index;
  });
  if (slots.size > 0) writes.push({ slots: [...slots.values()], first, last: updates.length - 1 });
  return writes;
}

/** One event's update as one write (it may merge two intents on one path). */
export function singleUpdate(ops: ReadonlyArray<UpdateOp>): Map<string, Slot> {
  const slots = fold(new Map(), ops);
  if (!slots) throw new Error(`One event's update cannot be one write: ${JSON.stringify(ops)}`);
  return slots;
}

/** Slots → a MongoDB update document. */
export function toUpdateDocument(slots: ReadonlyArray<Slot>): Record<string, Record<string, unknown>> {
  const update: Record<string, Record<string, unknown>> = {};
  const put = (operator: string, path: string, value: unknown) => ((update[operator] ??= {})[path] = value);
  for (const slot of slots) {
    if ('values' in slot) put(`$${slot.op}`, slot.path, { $each: slot.values });
    else put(`$${slot.op}`, slot.path, slot.value);
  }
  return update;
}
