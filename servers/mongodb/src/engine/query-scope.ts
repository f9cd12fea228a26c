import { EJSON, type Document } from 'bson';
import { evalExpr } from 'mingo/core';
import { isPlainObject } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { MongoCommandError } from '../command-error.js';
import { collationKey, parseCollation, type CollationSpec } from './collation.js';
import { clientError, MINGO_OPTIONS } from './mingo-query.js';

/** What a command adds to how its queries and pipelines run: `let` variables and a collation. */
export interface QueryScope {
  /** Query-view values of the command's `let`, already evaluated. */
  variables?: Document;
  /** String comparisons by this collation (equality, ranges, sorts, index choice). */
  collation?: CollationSpec;
  /** The command chose a collation (even `simple`): a collection's default does not apply. */
  collationGiven?: boolean;
}

export const NO_SCOPE: QueryScope = {};

/** A user variable starts with a lower-case letter or a non-ASCII character (MongoDB's rule). */
const VARIABLE_NAME = /^([a-z]|[^\p{ASCII}])[\w\u0080-\uFFFF]*$/u;

/**
 * A command's `let`: each value is an expression evaluated once, over no document, as MongoDB
 * does before running the command (`{ total: { $add: [1, 2] } }` is 3); `$merge`'s is evaluated
 * over each result (`root`).
 */
export function letScope(spec: unknown, root: Document = {}): QueryScope {
  if (spec === undefined || spec === null) return NO_SCOPE;
  if (!isPlainObject(spec))
    throw new MongoCommandError('TypeMismatch', "BSON field 'let' is the wrong type, expected type 'object'");
  const variables: Document = {};
  for (const [name, expr] of Object.entries(toQueryView(spec))) {
    if (!VARIABLE_NAME.test(name))
      throw new MongoCommandError(
        'Location16870',
        `'${name}' starts with an invalid character for a user variable name`,
      );
    try {
      variables[name] = evalExpr(root, expr as never, { ...MINGO_OPTIONS, variables } as never);
    } catch (e) {
      throw clientError(e);
    }
  }
  return { variables };
}

/** A cache key part for a scope (empty for none, the common case). */
export const scopeKey = (scope: QueryScope): string =>
  (scope.variables ? EJSON.stringify(scope.variables, { relaxed: false }) : '') +
  (scope.collation ? '@' + collationKey(scope.collation) : '');

/** The scope with a statement's own collation (update and delete statements carry one each). */
export const withCollation = (scope: QueryScope, raw: unknown): QueryScope =>
  raw === undefined ? scope : { ...scope, collation: parseCollation(raw), collationGiven: true };

/** The scope for a query on `coll`: the collection's default collation unless the command chose one. */
export function collectionScope(scope: QueryScope, coll: { options: Document } | undefined): QueryScope {
  const defaultCollation = coll?.options.collation as CollationSpec | undefined;
  if (scope.collationGiven || !defaultCollation) return scope;
  return { ...scope, collation: defaultCollation };
}

/** Mingo options for a scope: its variables and its collation. */
export function scopeOptions(scope: QueryScope): Document {
  const options: Document = { ...MINGO_OPTIONS };
  if (scope.variables) options.variables = scope.variables;
  if (scope.collation) options.collation = scope.collation;
  return options;
}
