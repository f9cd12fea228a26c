import type { Document } from 'bson';
import { compareValues, isNumeric, isPlainObject, numericValue } from '../bson/bson-value.js';
import { bsonTypeName } from '../bson/value-description.js';
import { MongoCommandError } from '../command-error.js';
import { cloneDocument } from './document-path.js';
import { sortDocuments } from './document-sort.js';

const MODIFIERS = new Set(['$each', '$slice', '$position', '$sort']);

/** `$push`'s argument with modifiers: `{ $each: [...], $position?, $sort?, $slice? }`. */
function isModifierForm(arg: unknown): arg is Document {
  return isPlainObject(arg) && '$each' in arg;
}

function integerModifier(spec: Document, name: '$slice' | '$position'): number | undefined {
  const v = spec[name] as unknown;
  if (v === undefined) return undefined;
  const n = isNumeric(v) ? numericValue(v)! : NaN;
  if (!Number.isInteger(n))
    throw new MongoCommandError(
      'BadValue',
      `The value for ${name} must be an integer value but was given type: ${bsonTypeName(v)}`,
    );
  return n;
}

/** Sorts the array as `$push`'s `$sort` does: 1/-1 on the elements, or a spec on their fields. */
function sortElements(items: unknown[], spec: unknown): unknown[] {
  if (isNumeric(spec)) {
    const direction = numericValue(spec);
    if (direction !== 1 && direction !== -1)
      throw new MongoCommandError('BadValue', 'The $sort element value must be either 1 or -1');
    return [...items].sort((a, b) => compareValues(a, b) * direction);
  }
  if (!isPlainObject(spec) || Object.keys(spec).length === 0)
    throw new MongoCommandError(
      'BadValue',
      'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
    );
  return sortDocuments(items, spec, (x) => (isPlainObject(x) ? x : {}));
}

/**
 * The array after `$push`: the value appended, or with `$each` the values inserted at `$position`
 * (from the end when negative), then the whole array sorted by `$sort`, then cut to `$slice`
 * elements (the first ones, or the last ones when negative). A missing array starts empty.
 */
export function pushValues(current: unknown, arg: unknown): unknown[] {
  const base = current === undefined ? [] : [...(current as unknown[])];
  if (!isModifierForm(arg)) return [...base, cloneDocument(arg)];
  for (const k of Object.keys(arg)) {
    if (!MODIFIERS.has(k)) throw new MongoCommandError('BadValue', `Unrecognized clause in $push: ${k}`);
  }
  const each = arg.$each as unknown;
  if (!Array.isArray(each))
    throw new MongoCommandError(
      'BadValue',
      `The argument to $each in $push must be an array but it was of type: ${bsonTypeName(each)}`,
    );
  const slice = integerModifier(arg, '$slice');
  let position = integerModifier(arg, '$position') ?? base.length;
  if (position < 0) position = Math.max(0, base.length + position);
  let out = [...base.slice(0, position), ...each.map((v) => cloneDocument(v)), ...base.slice(position)];
  if (arg.$sort !== undefined) out = sortElements(out, arg.$sort);
  if (slice !== undefined)
    out = slice >= 0 ? out.slice(0, slice) : out.slice(Math.max(0, out.length + slice));
  return out;
}
