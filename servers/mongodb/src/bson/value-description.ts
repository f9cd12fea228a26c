import { isPlainObject } from './bson-value.js';

/** Renders a value the way MongoDB's error messages do: `{ email: "a@x" }`, `1`, `[ 1, 2 ]`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map(describeValue).join(', ')} ]`;
  if (isPlainObject(v)) {
    const entries = Object.entries(v);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, x]) => `${k}: ${describeValue(x)}`).join(', ')} }`;
  }
  const t = (v as { _bsontype?: string })?._bsontype;
  if (t === 'ObjectId') return `ObjectId('${String(v)}')`;
  if (t === 'Binary')
    return `BinData(${(v as { sub_type: number }).sub_type}, ${(v as { toString(e: string): string }).toString('hex')})`;
  return String(v);
}

/** MongoDB's name for a value's BSON type, as in TypeMismatch messages. */
export function bsonTypeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (Array.isArray(v)) return 'array';
  const t = (v as { _bsontype?: string })._bsontype;
  switch (t) {
    case undefined:
      return 'object';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Binary':
      return 'binData';
    case 'ObjectId':
      return 'objectId';
    default:
      return t.toLowerCase();
  }
}
