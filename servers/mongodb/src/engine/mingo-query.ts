import type { Document } from 'bson';
import { Aggregator as AggregatorBase } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import { Query as QueryBase } from 'mingo/query';
import { MongoCommandError } from '../command-error.js';
import { BSON_EXPRESSION_OPERATORS } from './bson-expression.operators.js';
import { LONG_AWARE_QUERY_OPERATORS } from './long-aware.operators.js';
import { typedValueOf } from '../bson/query-view.normaliser.js';
import { jsonSchemaFailure } from './json-schema.validator.js';
import { $type } from './type-query.operator.js';
import { TYPED_STAGES } from './typed-stages.js';

/**
 * mingo's operators with the comparisons made Long-aware and `$group`, `$sort` and `$facet`
 * made type-faithful. Built here rather than through `mingo`'s own Query/Aggregator, whose
 * built-in operators would win over these.
 */
const CONTEXT = Context.init({
  accumulator,
  expression: { ...expression, ...BSON_EXPRESSION_OPERATORS },
  pipeline: { ...pipeline, ...TYPED_STAGES },
  projection,
  query: { ...query, ...LONG_AWARE_QUERY_OPERATORS, $type },
  window,
} as never);

/** What mingo's ComputeOptions.init puts under given options. */
const MINGO_DEFAULTS = {
  idKey: '_id',
  scriptEnabled: true,
  useStrictMode: true,
  failOnError: true,
  processingMode: 0, // CLONE_OFF
};

/** Clients never get to run JavaScript in the server ($where, $function, $accumulator). */
export const MINGO_OPTIONS = {
  scriptEnabled: false,
  context: CONTEXT,
  // `$jsonSchema` in queries, on the typed document behind the view (bsonType needs the types).
  jsonSchemaValidator: (schema: Document) => (view: Document) =>
    jsonSchemaFailure(schema, typedValueOf(view) as Document) === undefined,
} as const;

export { AggregatorBase as Aggregator, QueryBase as Query };

/**
 * A complaint from mingo as MongoDB's error: an undefined `$$variable` is 17276, as in MongoDB;
 * anything else the client's BadValue (code 2).
 */
export function clientError(e: unknown): MongoCommandError {
  if (e instanceof MongoCommandError) return e;
  const message = (e as Error).message;
  const variable = /Use of undefined variable: (\S+)/.exec(message);
  if (variable) return new MongoCommandError('Location17276', `Use of undefined variable: ${variable[1]}`);
  return new MongoCommandError('BadValue', message);
}

/**
 * MINGO_OPTIONS as mingo's own ComputeOptions, made once. Given plain options, every `new Query`
 * copies each operator table of the context (hundreds of entries): a fifth of the server's time
 * in a stream of guarded upserts, each with a filter of its own. Given a ComputeOptions it only
 * copies that object's locals. mingo does not export the class, so it is taken from the options
 * a query operator is compiled with; if mingo ever hands something else, plain options are used.
 */
const SHARED_OPTIONS: object = (() => {
  let compute: { constructor: new (options: object) => object } | undefined;
  const capture = (_selector: string, _value: unknown, options: never) => {
    compute = options;
    return () => true;
  };
  new QueryBase({ x: { $capture: 1 } }, { context: Context.init({ query: { $capture: capture } } as never) });
  const made = compute && new compute.constructor({ ...MINGO_DEFAULTS, ...MINGO_OPTIONS });
  return made && 'options' in made && 'context' in made ? made : MINGO_OPTIONS;
})();

/**
 * `$regex` and `$options` take strings (`$regex` also a regular expression), as MongoDB checks
 * before matching anything; mingo would take a number and match nothing.
 */
function assertRegexOperands(value: unknown): void {
  if (value === null || typeof value !== 'object' || value instanceof RegExp) return;
  if (Array.isArray(value)) return value.forEach(assertRegexOperands);
  if ((value as { _bsontype?: string })._bsontype !== undefined) return;
  for (const [key, operand] of Object.entries(value)) {
    if (key === '$regex' && typeof operand !== 'string' && !(operand instanceof RegExp)) {
      if ((operand as { _bsontype?: string } | null)?._bsontype !== 'BSONRegExp')
        throw new MongoCommandError('BadValue', '$regex has to be a string');
    }
    if (key === '$options' && typeof operand !== 'string')
      throw new MongoCommandError('BadValue', '$options has to be a string');
    assertRegexOperands(operand);
  }
}

/** Compiles a filter; mingo's complaints become MongoDB's BadValue (code 2). */
export function compileQuery(
  filter: Document,
  scope: { variables?: Document; collation?: Document } = {},
): QueryBase {
  try {
    assertRegexOperands(filter);
    if (!scope.variables && !scope.collation) return new QueryBase(filter, SHARED_OPTIONS as never);
    const options: Document = { ...MINGO_OPTIONS };
    if (scope.variables) options.variables = scope.variables;
    if (scope.collation) options.collation = scope.collation;
    return new QueryBase(filter, options);
  } catch (e) {
    throw clientError(e);
  }
}
