import type { Document } from 'bson';
import { isNumeric, isPlainObject } from '../bson/bson-value.js';
import { bsonTypeName, describeValue } from '../bson/value-description.js';
import { MongoCommandError } from '../command-error.js';

export const OWN_OPERATORS = [
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$setOnInsert',
  '$rename',
  '$currentDate',
  '$push',
] as const;
export const MINGO_OPERATORS = ['$addToSet', '$pull', '$pullAll', '$pop', '$bit'] as const;
export type MingoOperator = (typeof MINGO_OPERATORS)[number];
const KNOWN = new Set<string>([...OWN_OPERATORS, ...MINGO_OPERATORS]);

export const isOperatorUpdate = (u: Document): boolean => Object.keys(u)[0]?.startsWith('$') ?? false;

/** Checks an update document as MongoDB does before touching any document. */
export function validateUpdate(u: Document | Document[]): void {
  if (Array.isArray(u)) return;
  if (!isOperatorUpdate(u)) {
    for (const k of Object.keys(u)) {
      if (k.startsWith('$'))
        throw new MongoCommandError(
          'DollarPrefixedFieldName',
          `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
        );
    }
    return;
  }
  const seen: string[] = [];
  for (const op in u) {
    const spec = u[op] as unknown;
    if (!KNOWN.has(op)) {
      throw new MongoCommandError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(spec)) {
      throw new MongoCommandError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${bsonTypeName(spec)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${describeValue(spec)}}`,
      );
    }
    for (const path in spec) {
      const arg = spec[path];
      if (path === '' || path[0] === '.' || path.endsWith('.') || path.includes('..')) {
        throw new MongoCommandError(
          'BadValue',
          `The update path '${path}' contains an empty field name, which is not allowed.`,
        );
      }
      if ((op === '$inc' || op === '$mul') && !isNumeric(arg)) {
        const verb = op === '$inc' ? 'increment' : 'multiply';
        throw new MongoCommandError(
          'TypeMismatch',
          `Cannot ${verb} with non-numeric argument: {${path}: ${describeValue(arg)}}`,
        );
      }
      claimPath(seen, path);
      if (op === '$rename') claimPath(seen, String(arg));
    }
  }
}

/** Two operators may not touch the same path or one inside the other. */
function claimPath(seen: string[], p: string): void {
  for (const s of seen) {
    const clash =
      s === p ||
      (s.length > p.length && s.startsWith(p) && s[p.length] === '.') ||
      (p.length > s.length && p.startsWith(s) && p[s.length] === '.');
    if (clash) {
      throw new MongoCommandError(
        'ConflictingUpdateOperators',
        `Updating the path '${p}' would create a conflict at '${s.length < p.length ? s : p}'`,
      );
    }
  }
  seen.push(p);
}
