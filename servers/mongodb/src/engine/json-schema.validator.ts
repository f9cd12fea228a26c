import type { Document } from 'bson';
import { compareValues, isNumeric, isPlainObject, valuesEqual } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';
import { bsonTypeNumber } from './type-query.operator.js';

/** `bsonType` aliases → BSON type numbers (`number` is any numeric type). */
const BSON_TYPES: Record<string, number[]> = {
  double: [1],
  string: [2],
  object: [3],
  array: [4],
  binData: [5],
  undefined: [6],
  objectId: [7],
  bool: [8],
  date: [9],
  null: [10],
  regex: [11],
  javascript: [13],
  symbol: [14],
  int: [16],
  timestamp: [17],
  long: [18],
  decimal: [19],
  minKey: [-1],
  maxKey: [127],
  number: [1, 16, 18, 19],
};
/** JSON Schema's `type` names → BSON type numbers (MongoDB has no `integer`). */
const JSON_TYPES: Record<string, number[]> = {
  object: [3],
  array: [4],
  number: [1, 16, 18, 19],
  boolean: [8],
  string: [2],
  null: [10],
};
const TYPE_NAMES = new Map<number, string>(
  Object.entries(BSON_TYPES)
    .filter(([name]) => name !== 'number')
    .map(([name, [code]]) => [code, name]),
);

const typeName = (v: unknown): string => TYPE_NAMES.get(bsonTypeNumber(v) ?? 0) ?? 'missing';

/** One unmet rule, as MongoDB details it in `schemaRulesNotSatisfied`. */
type Failure = Document;

function typeFailures(schema: Document, value: unknown): Failure[] {
  const out: Failure[] = [];
  for (const [keyword, table] of [
    ['bsonType', BSON_TYPES],
    ['type', JSON_TYPES],
  ] as const) {
    const wanted = schema[keyword] as unknown;
    if (wanted === undefined) continue;
    const names = Array.isArray(wanted) ? wanted.map(String) : [String(wanted)];
    const codes = names.flatMap((n) => {
      if (!Object.hasOwn(table, n)) throw new MongoCommandError('BadValue', `Unknown type name alias: ${n}`);
      return table[n];
    });
    if (!codes.includes(bsonTypeNumber(value) ?? NaN))
      out.push({
        operatorName: keyword,
        specifiedAs: { [keyword]: wanted },
        reason: 'type did not match',
        consideredValue: value,
        consideredType: typeName(value),
      });
  }
  return out;
}

function rangeFailures(schema: Document, value: unknown): Failure[] {
  const out: Failure[] = [];
  if (isNumeric(value)) {
    const bound = (name: 'minimum' | 'maximum', exclusive: string, sign: 1 | -1) => {
      if (schema[name] === undefined) return;
      const c = compareValues(value, schema[name]) * sign;
      if (c < 0 || (c === 0 && schema[exclusive] === true)) {
        const specifiedAs: Document = { [name]: schema[name] };
        if (schema[exclusive] !== undefined) specifiedAs[exclusive] = schema[exclusive];
        out.push({ operatorName: name, specifiedAs, reason: 'comparison failed', consideredValue: value });
      }
    };
    bound('minimum', 'exclusiveMinimum', 1);
    bound('maximum', 'exclusiveMaximum', -1);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < Number(schema.minLength))
      out.push({
        operatorName: 'minLength',
        specifiedAs: { minLength: schema.minLength },
        reason: 'specified string length was not satisfied',
        consideredValue: value,
      });
    if (schema.maxLength !== undefined && length > Number(schema.maxLength))
      out.push({
        operatorName: 'maxLength',
        specifiedAs: { maxLength: schema.maxLength },
        reason: 'specified string length was not satisfied',
        consideredValue: value,
      });
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      out.push({
        operatorName: 'pattern',
        specifiedAs: { pattern: schema.pattern },
        reason: 'regular expression did not match',
        consideredValue: value,
      });
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => valuesEqual(e, value)))
    out.push({
      operatorName: 'enum',
      specifiedAs: { enum: schema.enum },
      reason: 'value was not found in enum',
      consideredValue: value,
    });
  return out;
}

function arrayFailures(schema: Document, value: unknown): Failure[] {
  if (!Array.isArray(value)) return [];
  const out: Failure[] = [];
  if (schema.minItems !== undefined && value.length < Number(schema.minItems))
    out.push({
      operatorName: 'minItems',
      specifiedAs: { minItems: schema.minItems },
      reason: 'array did not match specified length',
      consideredValue: value,
    });
  if (schema.maxItems !== undefined && value.length > Number(schema.maxItems))
    out.push({
      operatorName: 'maxItems',
      specifiedAs: { maxItems: schema.maxItems },
      reason: 'array did not match specified length',
      consideredValue: value,
    });
  if (schema.uniqueItems === true && value.some((v, i) => value.findIndex((w) => valuesEqual(v, w)) !== i))
    out.push({
      operatorName: 'uniqueItems',
      specifiedAs: { uniqueItems: true },
      reason: 'found a duplicate item',
      consideredValue: value,
    });
  if (isPlainObject(schema.items)) {
    const items = schema.items;
    const failing = value
      .map((v, i) => ({ i, details: schemaFailures(items, v) }))
      .find((f) => f.details.length > 0);
    if (failing)
      out.push({
        operatorName: 'items',
        reason: 'At least one item did not match the sub-schema',
        itemIndex: failing.i,
        details: failing.details,
      });
  }
  return out;
}

function objectFailures(schema: Document, value: unknown): Failure[] {
  if (!isPlainObject(value)) return [];
  const out: Failure[] = [];
  if (Array.isArray(schema.required)) {
    const missing = schema.required.map(String).filter((p) => value[p] === undefined);
    if (missing.length > 0)
      out.push({
        operatorName: 'required',
        specifiedAs: { required: schema.required },
        missingProperties: missing,
      });
  }
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const notSatisfied: Document[] = [];
  for (const [name, sub] of Object.entries(properties)) {
    if (value[name] === undefined || !isPlainObject(sub)) continue;
    const details = schemaFailures(sub, value[name]);
    if (details.length > 0) {
      const entry: Document = { propertyName: name };
      if (typeof sub.description === 'string') entry.description = sub.description;
      entry.details = details;
      notSatisfied.push(entry);
    }
  }
  if (notSatisfied.length > 0) out.push({ operatorName: 'properties', propertiesNotSatisfied: notSatisfied });
  if (schema.additionalProperties === false) {
    const extra = Object.keys(value).filter((k) => !Object.hasOwn(properties, k));
    if (extra.length > 0)
      out.push({
        operatorName: 'additionalProperties',
        specifiedAs: { additionalProperties: false },
        additionalProperties: extra,
      });
  }
  const count = Object.keys(value).length;
  if (schema.minProperties !== undefined && count < Number(schema.minProperties))
    out.push({
      operatorName: 'minProperties',
      specifiedAs: { minProperties: schema.minProperties },
      reason: 'specified number of properties was not satisfied',
      numberOfProperties: count,
    });
  if (schema.maxProperties !== undefined && count > Number(schema.maxProperties))
    out.push({
      operatorName: 'maxProperties',
      specifiedAs: { maxProperties: schema.maxProperties },
      reason: 'specified number of properties was not satisfied',
      numberOfProperties: count,
    });
  return out;
}

function logicalFailures(schema: Document, value: unknown): Failure[] {
  const out: Failure[] = [];
  const subs = (name: string): Document[] =>
    Array.isArray(schema[name]) ? (schema[name] as Document[]) : [];
  if (subs('allOf').some((s) => schemaFailures(s, value).length > 0))
    out.push({
      operatorName: 'allOf',
      schemasNotSatisfied: subs('allOf')
        .map((s, index) => ({ index, details: schemaFailures(s, value) }))
        .filter((f) => f.details.length > 0),
    });
  if (schema.anyOf && !subs('anyOf').some((s) => schemaFailures(s, value).length === 0))
    out.push({
      operatorName: 'anyOf',
      schemasNotSatisfied: subs('anyOf').map((s, index) => ({ index, details: schemaFailures(s, value) })),
    });
  if (schema.oneOf && subs('oneOf').filter((s) => schemaFailures(s, value).length === 0).length !== 1)
    out.push({
      operatorName: 'oneOf',
      reason: 'expected exactly one schema to match',
      specifiedAs: { oneOf: schema.oneOf },
    });
  if (isPlainObject(schema.not) && schemaFailures(schema.not, value).length === 0)
    out.push({ operatorName: 'not', reason: 'child expression matched' });
  return out;
}

/** Every rule of `schema` that `value` breaks (empty when it satisfies the schema). */
function schemaFailures(schema: Document, value: unknown): Failure[] {
  return [
    ...typeFailures(schema, value),
    ...rangeFailures(schema, value),
    ...arrayFailures(schema, value),
    ...objectFailures(schema, value),
    ...logicalFailures(schema, value),
  ];
}

/**
 * `$jsonSchema` (MongoDB's draft 4 subset with `bsonType`) over a typed document: undefined when
 * it is satisfied, else MongoDB's error details (`operatorName`, `schemaRulesNotSatisfied`).
 */
export function jsonSchemaFailure(schema: unknown, doc: Document): Document | undefined {
  if (!isPlainObject(schema)) throw new MongoCommandError('TypeMismatch', '$jsonSchema must be an object');
  const failures = schemaFailures(schema, doc);
  if (failures.length === 0) return undefined;
  const details: Document = { operatorName: '$jsonSchema' };
  if (typeof schema.title === 'string') details.title = schema.title;
  details.schemaRulesNotSatisfied = failures;
  return details;
}
