import type { Binary, Decimal128 } from 'bson';
import { isExactDouble } from './decimal-arithmetic.js';
import { numericValue } from './bson-value.js';

/**
 * Stands in for a Binary inside mingo: mingo compares class instances through `toString()`,
 * and Binary's `toString()` decodes bytes as text, so two different UUIDs could look equal.
 */
export class BinaryView {
  constructor(readonly binary: Binary) {}
  toString(): string {
    return `${this.binary.sub_type}:${Buffer.from(this.binary.buffer.subarray(0, this.binary.position)).toString('hex')}`;
  }
}

/** Each object or array a view made → the typed value it stands for. */
const TYPED_OF = new WeakMap<object, unknown>();

/** The typed value behind a query view (or the value itself when the view is the value). */
export function typedValueOf(view: unknown): unknown {
  return view !== null && typeof view === 'object' ? (TYPED_OF.get(view) ?? view) : view;
}

const NUMERIC_TYPES = new Set(['Long', 'Int32', 'Double', 'Decimal128']);

/**
 * Rewrites a value into what mingo compares correctly: every BSON number becomes a JS number,
 * every Binary a BinaryView. Returns the same object when nothing needs rewriting, so plain
 * documents cost no copy.
 */
export function toQueryView<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const t = (value as { _bsontype?: string })._bsontype;
  if (t !== undefined) {
    if (NUMERIC_TYPES.has(t)) {
      // A Long beyond 2^53 or a decimal such as 9.99 has no exact JS number: it stays as it is,
      // and the query operators compare it exactly.
      const n = numericValue(value)!;
      if (t === 'Long' && !Number.isSafeInteger(n)) return value;
      if (t === 'Decimal128' && !isExactDouble(value as unknown as Decimal128)) return value;
      return n as T;
    }
    if (t === 'Binary') return new BinaryView(value as unknown as Binary) as T;
    return value;
  }
  if (value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = toQueryView(value[i]);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    if (out) TYPED_OF.set(out, value);
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    const v = toQueryView(obj[k]);
    if (v !== obj[k]) (out ??= { ...obj })[k] = v;
  }
  if (out) TYPED_OF.set(out, value);
  return (out ?? value) as T;
}
