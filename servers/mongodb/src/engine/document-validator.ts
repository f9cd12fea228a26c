import { EJSON, type Document } from 'bson';
import { isPlainObject } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { MongoCommandError } from '../command-error.js';
import type { CompiledQueryCache } from './compiled-query.cache.js';
import type { Collection } from './collection.js';
import { getPath } from './document-path.js';
import { jsonSchemaFailure } from './json-schema.validator.js';
import { bsonTypeNumber } from './type-query.operator.js';

const REASONS: Record<string, string> = {
  $eq: 'comparison failed',
  $ne: 'comparison succeeded',
  $gt: 'comparison failed',
  $gte: 'comparison failed',
  $lt: 'comparison failed',
  $lte: 'comparison failed',
  $in: 'no matching value found in array',
  $nin: 'matching value found in array',
  $regex: 'regular expression did not match',
  $type: 'type did not match',
};

/** Why one field's condition failed, as MongoDB's validation error details put it. */
function fieldDetails(field: string, op: string, operand: unknown, doc: Document): Document {
  const value = getPath(doc, field);
  const details: Document = {
    operatorName: op,
    specifiedAs: { [field]: op === '$eq' ? operand : { [op]: operand } },
  };
  if (op === '$exists') {
    details.reason = operand ? 'path does not exist' : 'path does exist';
    return details;
  }
  if (value === undefined && op !== '$ne' && op !== '$nin') {
    details.reason = 'field was missing';
    return details;
  }
  details.reason = REASONS[op] ?? 'expression did not match';
  details.consideredValue = value;
  if (op === '$type') details.consideredType = bsonTypeNumber(value);
  return details;
}

/** The details of one failing top-level clause of a query validator. */
function clauseDetails(
  key: string,
  value: unknown,
  doc: Document,
  test: (filter: Document) => boolean,
): Document {
  if (key === '$jsonSchema') return jsonSchemaFailure(value, doc) ?? { operatorName: key };
  if (key === '$expr')
    return {
      operatorName: '$expr',
      specifiedAs: { $expr: value },
      reason: 'expression did not match',
      expressionResult: false,
    };
  if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
    const clauses = value.map((sub, index) => ({ index, sub: sub as Document }));
    const failing = key === '$nor' ? clauses.filter((c) => test(c.sub)) : clauses.filter((c) => !test(c.sub));
    return {
      operatorName: key,
      clausesNotSatisfied: failing.map((c) => ({ index: c.index, details: queryDetails(c.sub, doc, test) })),
    };
  }
  const ops = isPlainObject(value) ? Object.keys(value) : [];
  if (ops.length === 0 || !ops.every((o) => o.startsWith('$'))) return fieldDetails(key, '$eq', value, doc);
  const failing = ops.filter((op) => !test({ [key]: { [op]: (value as Document)[op] } }));
  if (failing.length === 1) return fieldDetails(key, failing[0], (value as Document)[failing[0]], doc);
  return {
    operatorName: '$and',
    clausesNotSatisfied: failing.map((op) => ({
      index: ops.indexOf(op),
      details: fieldDetails(key, op, (value as Document)[op], doc),
    })),
  };
}

function queryDetails(validator: Document, doc: Document, test: (filter: Document) => boolean): Document {
  const clauses = Object.entries(validator);
  const failing = clauses
    .map(([key, value], index) => ({ key, value, index }))
    .filter((c) => !test({ [c.key]: c.value }));
  if (clauses.length === 1 && failing.length === 1)
    return clauseDetails(failing[0].key, failing[0].value, doc, test);
  return {
    operatorName: '$and',
    clausesNotSatisfied: failing.map((c) => ({
      index: c.index,
      details: clauseDetails(c.key, c.value, doc, test),
    })),
  };
}

/**
 * Why `doc` fails a collection's validator (query operators and `$jsonSchema`), as MongoDB 7
 * details it under `errInfo.details`; undefined when it passes.
 */
export function validationFailure(
  validator: Document,
  doc: Document,
  queries: CompiledQueryCache,
): Document | undefined {
  const view = toQueryView(doc);
  const test = (filter: Document): boolean => {
    if (Object.keys(filter).length === 1 && '$jsonSchema' in filter)
      return jsonSchemaFailure(filter.$jsonSchema, doc) === undefined;
    return queries.get(filter).test(view);
  };
  const keys = Object.keys(validator);
  const passes = keys.includes('$jsonSchema')
    ? keys.every((k) => test({ [k]: validator[k] }))
    : test(validator);
  return passes ? undefined : queryDetails(validator, doc, test);
}

export interface ValidationContext {
  queries: CompiledQueryCache;
  body: Document;
  log: (line: string) => void;
}

/**
 * Enforces the collection's validator on a document about to be stored (`before`: the version it
 * replaces). `validationLevel` moderate lets an update through when the document already failed;
 * `validationAction` warn logs the failure and lets it through; `bypassDocumentValidation` skips
 * the check.
 */
export function assertValidDocument(
  ctx: ValidationContext,
  coll: Collection,
  doc: Document,
  before?: Document,
): void {
  const validator = coll.options.validator as Document | undefined;
  if (!validator || Object.keys(validator).length === 0 || ctx.body.bypassDocumentValidation === true) return;
  const level = coll.options.validationLevel ?? 'strict';
  if (level === 'off') return;
  if (before && level === 'moderate' && validationFailure(validator, before, ctx.queries)) return;
  const details = validationFailure(validator, doc, ctx.queries);
  if (!details) return;
  const errInfo = { failingDocumentId: doc._id, details };
  if (coll.options.validationAction === 'warn') {
    // As MongoDB logs it (id 20294), and lets the write through.
    ctx.log(
      `Document would fail validation ${EJSON.stringify({ namespace: coll.namespace, document: doc, errInfo })}`,
    );
    return;
  }
  throw new MongoCommandError('DocumentValidationFailure', 'Document failed validation', { errInfo });
}

const LEVELS = new Set(['off', 'strict', 'moderate']);
const ACTIONS = new Set(['error', 'warn']);

/** Checks validation options as `create` and `collMod` take them; compiles the validator once. */
export function checkValidationOptions(options: Document, queries: CompiledQueryCache): void {
  if (options.validator !== undefined) {
    if (!isPlainObject(options.validator))
      throw new MongoCommandError(
        'TypeMismatch',
        "BSON field 'validator' is the wrong type, expected type 'object'",
      );
    const { $jsonSchema, ...rest } = options.validator;
    if ($jsonSchema !== undefined) jsonSchemaFailure($jsonSchema, {});
    if (Object.keys(rest).length > 0) queries.get(rest);
  }
  if (options.validationLevel !== undefined && !LEVELS.has(String(options.validationLevel)))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(options.validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  if (options.validationAction !== undefined && !ACTIONS.has(String(options.validationAction)))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(options.validationAction)}' for field 'validationAction' is not a valid value.`,
    );
}
