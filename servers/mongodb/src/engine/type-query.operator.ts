import { isNumeric, isPlainObject, numericValue } from '../bson/bson-value.js';
import { typedValueOf } from '../bson/query-view.normaliser.js';
import { MongoCommandError } from '../command-error.js';

/** MongoDB's BSON type numbers by alias (`number` stands for the four numeric types). */
const ALIASES: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};
const NUMBER = 'number';
const VALID_CODES = new Set(Object.values(ALIASES));

/** The BSON type number of a value in the server's memory (a JS number is an Int32 or a double). */
export function bsonTypeNumber(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (v === null) return 10;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 8;
  if (typeof v === 'number') return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? 16 : 1;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 4;
  switch ((v as { _bsontype?: string })._bsontype) {
    case undefined:
    case 'DBRef':
      return 3;
    case 'Double':
      return 1;
    case 'Int32':
      return 16;
    case 'Long':
      return 18;
    case 'Decimal128':
      return 19;
    case 'Binary':
      return 5;
    case 'ObjectId':
      return 7;
    case 'BSONRegExp':
      return 11;
    case 'Code':
      return (v as { scope?: unknown }).scope ? 15 : 13;
    case 'BSONSymbol':
      return 14;
    case 'Timestamp':
      return 17;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
    default:
      return undefined;
  }
}

/** The type numbers a `$type` operand asks for; MongoDB's BadValue for an unknown alias or code. */
function wantedTypes(operand: unknown): Set<number | typeof NUMBER> {
  const wanted = new Set<number | typeof NUMBER>();
  for (const t of Array.isArray(operand) ? operand : [operand]) {
    if (typeof t === 'string') {
      if (t === NUMBER) wanted.add(NUMBER);
      else if (Object.hasOwn(ALIASES, t)) wanted.add(ALIASES[t]);
      else throw new MongoCommandError('BadValue', `Unknown type name alias: ${t}`);
    } else if (isNumeric(t)) {
      const code = numericValue(t)!;
      if (!VALID_CODES.has(code))
        throw new MongoCommandError('BadValue', `Invalid numerical type code: ${code}`);
      wanted.add(code);
    } else {
      throw new MongoCommandError('TypeMismatch', 'type must be represented as a number or a string');
    }
  }
  return wanted;
}

/** The values a path reaches, arrays fanned out on the way; at the end an array and its elements. */
function valuesAt(node: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(node);
    if (Array.isArray(node)) out.push(...node);
    return;
  }
  if (Array.isArray(node)) {
    if (/^\d+$/.test(parts[i])) valuesAt(node[Number(parts[i])], parts, i + 1, out);
    for (const el of node) if (isPlainObject(el)) valuesAt(el, parts, i, out);
    return;
  }
  if (isPlainObject(node)) valuesAt(node[parts[i]], parts, i + 1, out);
}

/**
 * `$type` on the stored BSON types, which the query view no longer shows (a Long or a whole
 * Double is a JS number there): the view is mapped back to the typed document it stands for.
 */
export function $type(selector: string, operand: unknown): (doc: object) => boolean {
  const wanted = wantedTypes(operand);
  const parts = selector.split('.');
  return (doc) => {
    const values: unknown[] = [];
    valuesAt(typedValueOf(doc), parts, 0, values);
    return values.some((v) => {
      const code = bsonTypeNumber(v);
      if (code === undefined) return false;
      return (
        wanted.has(code) || (wanted.has(NUMBER) && (code === 1 || code === 16 || code === 18 || code === 19))
      );
    });
  };
}
