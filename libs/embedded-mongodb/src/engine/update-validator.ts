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
] as const;
export const MINGO_OPERATORS = ['$push', '$addToSet', '$pull', '$pullAll', '$pop', '$bit'] as const;
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
  for (const [op, spec] of Object.entries(u)) {
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
    for (const [path, arg] of Object.entries(spec)) {
      if (path === '' || path.split('.').some((p) => p === '')) {
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
      const paths = op === '$rename' ? [path, String(arg)] : [path];
      for (const p of paths) {
        const clash = seen.find((s) => s === p || s.startsWith(p + '.') || p.startsWith(s + '.'));
        if (clash !== undefined) {
          throw new MongoCommandError(
            'ConflictingUpdateOperators',
            `Updating the path '${p}' would create a conflict at '${clash.length < p.length ? clash : p}'`,
          );
        }
        seen.push(p);
      }
    }
  }
}
