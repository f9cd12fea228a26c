import { Timestamp, type Document } from 'bson';
import * as mingoUpdate from 'mingo/operators/update';
import { compareValues, isNumeric, isPlainObject, valuesEqual } from '../bson/bson-value.js';
import { IntegerOverflowError, arithmetic, numberKind } from '../bson/numeric-arithmetic.js';
import { bsonTypeName, describeValue } from '../bson/value-description.js';
import { MongoCommandError } from '../command-error.js';
import { pushValues } from './array-push.js';
import { cloneDocument, getPath, setPath, unsetPath } from './document-path.js';
import {
  expandArrayFilters,
  hasArrayFilterPath,
  hasPositional,
  resolvePositional,
} from './positional-path.resolver.js';
import { assertStorablePath } from './stored-shape.js';
import { MINGO_OPERATORS, isOperatorUpdate, type MingoOperator } from './update-validator.js';

const MINGO_OPERATOR_SET = new Set<string>(MINGO_OPERATORS);
/** Operators that only take fields away, so cannot create a field name storage refuses. */
const REMOVING = new Set(['$unset', '$pull', '$pullAll', '$pop']);

export interface UpdateOptions {
  arrayFilters?: Document[];
  /** True when the update fills a document an upsert is inserting ($setOnInsert applies). */
  inserting: boolean;
  /** The statement's filter, which the positional `$` refers to. */
  filter?: Document;
}

/**
 * Returns the updated copy of `doc` (never mutating it). Simple paths are applied here so BSON
 * types survive; array operators and positional paths go to mingo's operator functions.
 */
export function applyUpdate(doc: Document, u: Document, options: UpdateOptions): Document {
  if (!isOperatorUpdate(u)) {
    const replaced: Document = { _id: doc._id, ...u };
    if (u._id !== undefined) replaced._id = u._id;
    assertIdUnchanged(doc, replaced, true);
    return replaced;
  }
  // The one copy an update makes; operators then change it in place.
  const out = cloneDocument(doc);
  for (const op in u) {
    const spec = u[op] as Document;
    if (!options.inserting && !REMOVING.has(op)) {
      for (const written in spec) assertStorablePath(op === '$rename' ? String(spec[written]) : written);
    }
    if (MINGO_OPERATOR_SET.has(op)) {
      const fn = mingoUpdate[op as MingoOperator] as (
        e: Document,
        f?: Document[],
      ) => (o: Document) => string[];
      const resolved = Object.entries(spec).map(([p, v]) => [
        hasPositional(p) ? resolvePositional(out, p, options.filter ?? {}) : p,
        v,
      ]);
      for (const [p] of resolved) if (!String(p).includes('$')) assertArrayOperand(out, op, String(p));
      try {
        fn(Object.fromEntries(resolved), options.arrayFilters ?? [])(out);
      } catch (e) {
        throw new MongoCommandError('BadValue', (e as Error).message);
      }
      continue;
    }
    for (const written in spec) {
      const arg = spec[written];
      if (!written.includes('$')) applyOwn(out, op, written, arg, options);
      else for (const path of concretePaths(out, written, options)) applyOwn(out, op, path, arg, options);
    }
  }
  assertIdUnchanged(doc, out, false);
  return out;
}

function applyOwn(out: Document, op: string, path: string, arg: unknown, options: UpdateOptions): void {
  const current = getPath(out, path);
  switch (op) {
    case '$set':
      return setPath(out, path, cloneDocument(arg));
    case '$setOnInsert':
      if (options.inserting) setPath(out, path, cloneDocument(arg));
      return;
    case '$unset':
      unsetPath(out, path);
      return;
    case '$inc':
    case '$mul': {
      if (current !== undefined && !isNumeric(current)) {
        throw new MongoCommandError(
          'TypeMismatch',
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${describeValue(out._id)}} has the field '${path.split('.').pop()}' of non-numeric type ${bsonTypeName(current)}`,
        );
      }
      try {
        return setPath(out, path, arithmetic(op === '$inc' ? 'add' : 'mul', current ?? 0, arg));
      } catch (e) {
        if (!(e instanceof IntegerOverflowError)) throw e;
        throw new MongoCommandError(
          'BadValue',
          `Failed to apply ${op} operations to current value (${shellNumber(current)}) for document {_id: ${describeValue(out._id)}}`,
        );
      }
    }
    case '$push':
      assertArrayOperand(out, op, path);
      return setPath(out, path, pushValues(current, arg));
    case '$min':
    case '$max':
      if (
        current === undefined ||
        (op === '$min' ? compareValues(arg, current) < 0 : compareValues(arg, current) > 0)
      ) {
        setPath(out, path, cloneDocument(arg));
      }
      return;
    case '$rename':
      if (current === undefined) return;
      unsetPath(out, path);
      return setPath(out, String(arg), current);
    case '$currentDate': {
      const asTimestamp = isPlainObject(arg) && arg.$type === 'timestamp';
      return setPath(
        out,
        path,
        asTimestamp ? Timestamp.fromNumber(Math.floor(Date.now() / 1000) * 2 ** 32) : new Date(),
      );
    }
    default:
      throw new MongoCommandError('FailedToParse', `Unknown modifier: ${op}`);
  }
}

/** A number as the shell writes it in MongoDB's messages: `(NumberLong)9223372036854775807`. */
function shellNumber(v: unknown): string {
  const kind = numberKind(v);
  const label = kind === 'long' ? 'NumberLong' : kind === 'int' ? 'NumberInt' : undefined;
  return label ? `(${label})${String(v)}` : describeValue(v);
}

/** The real paths a written path stands for: `$` resolved from the filter, `$[]`/`$[x]` expanded. */
function concretePaths(doc: Document, written: string, options: UpdateOptions): string[] {
  const path = hasPositional(written) ? resolvePositional(doc, written, options.filter ?? {}) : written;
  return hasArrayFilterPath(path) ? expandArrayFilters(doc, path, options.arrayFilters ?? []) : [path];
}

/** mingo skips array operators on a non-array silently; MongoDB refuses them. */
function assertArrayOperand(doc: Document, op: string, path: string): void {
  const current = getPath(doc, path);
  if (current === undefined || Array.isArray(current)) return;
  if (op === '$pop') {
    throw new MongoCommandError(
      'TypeMismatch',
      `Path '${path}' contains an element of non-array type '${bsonTypeName(current)}'`,
    );
  }
  if (op === '$pull' || op === '$pullAll') {
    throw new MongoCommandError('BadValue', `Cannot apply ${op} to a non-array value`);
  }
  throw new MongoCommandError(
    'BadValue',
    `The field '${path}' must be an array but is of type ${bsonTypeName(current)} in document {_id: ${describeValue(doc._id)}}`,
  );
}

function assertIdUnchanged(before: Document, after: Document, replacement: boolean): void {
  if (before._id === undefined || valuesEqual(before._id, after._id)) return;
  throw new MongoCommandError(
    'ImmutableField',
    replacement
      ? `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${describeValue(after._id)}`
      : `Performing an update on the path '_id' would modify the immutable field '_id'`,
  );
}
