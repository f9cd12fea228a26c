import type { Document } from 'bson';
import { isPlainObject } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';

/**
 * The shape MongoDB stores: `_id` first whatever order the client sent (other fields keep
 * theirs). Returns the same object when `_id` already leads, so the common case copies nothing.
 */
export function withIdFirst(doc: Document): Document {
  for (const k in doc) {
    if (k === '_id') return doc;
    break;
  }
  if (!('_id' in doc)) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/** MongoDB's storage checks on `_id`: no array, no regex, no `$`-prefixed field in a document. */
export function assertValidId(id: unknown): void {
  if (Array.isArray(id))
    throw new MongoCommandError('InvalidIdField', `The '_id' value cannot be of type array`);
  if (id instanceof RegExp) throw new MongoCommandError('InvalidIdField', `can't use a regex for _id`);
  if (!isPlainObject(id)) return;
  for (const k of Object.keys(id)) {
    if (k.startsWith('$'))
      throw new MongoCommandError(
        'DollarPrefixedFieldName',
        `_id fields may not contain '$'-prefixed fields: ${k} is not valid for storage.`,
      );
  }
}

/** Positional parts (`$`, `$[]`, `$[name]`) are paths to resolve, not field names. */
const POSITIONAL = /^\$(\[\w*\])?$/;

/**
 * An operator update of an existing document may not create `$`-prefixed field names (an upsert
 * may: MongoDB treats it as an insert).
 */
export function assertStorablePath(path: string): void {
  for (const part of path.split('.')) {
    if (part.startsWith('$') && !POSITIONAL.test(part))
      throw new MongoCommandError(
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${part}' in '${path}' is not valid for storage.`,
      );
  }
}
