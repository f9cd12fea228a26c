import type { Document } from 'bson';
import { Query } from 'mingo';
import { MongoCommandError } from '../command-error.js';

/** Clients never get to run JavaScript in the server ($where, $function, $accumulator). */
export const MINGO_OPTIONS = { scriptEnabled: false } as const;

/** Compiles a filter; mingo's complaints become MongoDB's BadValue (code 2). */
export function compileQuery(filter: Document): Query {
  try {
    return new Query(filter, MINGO_OPTIONS);
  } catch (e) {
    throw new MongoCommandError('BadValue', (e as Error).message);
  }
}
