import type { Document } from 'bson';
import type { Query } from 'mingo/query';
import { isPlainObject } from '../bson/bson-value.js';
import { clientError } from './mingo-query.js';
import type { RangeBounds } from './collection-index.js';
import type { Collection } from './collection.js';
import type { StoredDocument } from './stored-document.js';
import { collatorFor, sameCollation } from './collation.js';
import { sortDocuments } from './document-sort.js';
import type { CompiledQueryCache } from './compiled-query.cache.js';
import { NO_SCOPE, type QueryScope } from './query-scope.js';

export interface QueryPlan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  keysExamined: number;
  docsExamined: number;
}

type Condition = { kind: 'eq'; values: unknown[] } | { kind: 'range'; bounds: RangeBounds };

/** Equality on a scalar can be answered by the index key alone, without running the query. */
const isScalar = (v: unknown): boolean =>
  v !== null && v !== undefined && !Array.isArray(v) && !isPlainObject(v) && !(v instanceof RegExp);

function conditionOf(c: unknown): Condition | undefined {
  if (Array.isArray(c) || c instanceof RegExp) return undefined;
  if (!isPlainObject(c)) return { kind: 'eq', values: [c] };
  const ops = Object.keys(c);
  if (ops.length === 0 || !ops.every((k) => k.startsWith('$'))) return undefined;
  if ('$eq' in c && !Array.isArray(c.$eq)) return { kind: 'eq', values: [c.$eq] };
  if (Array.isArray(c.$in) && c.$in.every((v) => !Array.isArray(v) && !(v instanceof RegExp))) {
    return { kind: 'eq', values: c.$in };
  }
  const bounds: RangeBounds = {};
  if ('$gt' in c) bounds.lower = { value: c.$gt, inclusive: false };
  if ('$gte' in c) bounds.lower = { value: c.$gte, inclusive: true };
  if ('$lt' in c) bounds.upper = { value: c.$lt, inclusive: false };
  if ('$lte' in c) bounds.upper = { value: c.$lte, inclusive: true };
  return bounds.lower || bounds.upper ? { kind: 'range', bounds } : undefined;
}

/** True when a condition compares strings (also inside documents or arrays): collation matters. */
function hasStrings(c: Condition): boolean {
  const values = c.kind === 'eq' ? c.values : [c.bounds.lower?.value, c.bounds.upper?.value];
  const visit = (v: unknown): boolean =>
    typeof v === 'string' ||
    (Array.isArray(v) ? v.some(visit) : isPlainObject(v) && Object.values(v).some(visit));
  return values.some(visit);
}

/** Top-level field conditions, including those inside a top-level `$and`. */
function fieldConditions(filter: Document): Map<string, Condition> {
  const out = new Map<string, Condition>();
  const visit = (f: Document) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((sub) => isPlainObject(sub) && visit(sub));
      else if (!k.startsWith('$')) {
        const c = conditionOf(v);
        if (c && !out.has(k)) out.set(k, c);
      }
    }
  };
  visit(filter);
  return out;
}

/**
 * Finds the documents matching `filter`: `_id` equality from the document map, equality or a
 * range on an index's leading field from that index, otherwise a scan. Candidates from an index
 * are re-checked by the compiled query unless the filter is one scalar equality.
 */
export function matchDocuments(
  coll: Collection,
  filter: Document,
  queries: CompiledQueryCache,
  limit = Infinity,
  scope: QueryScope = NO_SCOPE,
): { docs: StoredDocument[]; plan: QueryPlan } {
  // The _id map is binary: a collation comparing strings otherwise cannot use it for strings.
  const byId = scope.collation ? undefined : exactIdLookup(coll, filter);
  if (byId) return byId;
  const conditions = fieldConditions(filter);
  // Only a filter that is exactly `{ field: scalar }` may skip the query test.
  const keys = Object.keys(filter);
  const single = keys.length === 1 && !keys[0].startsWith('$');
  const idCond = conditions.get('_id');
  let ids: Set<string> | undefined;
  let plan: QueryPlan = { stage: 'COLLSCAN', keysExamined: 0, docsExamined: 0 };
  let exact = Object.keys(filter).length === 0;
  if (idCond?.kind === 'eq' && (!scope.collation || !hasStrings(idCond))) {
    ids = new Set(idCond.values.map((v) => coll.get(v)?.id).filter((id): id is string => id !== undefined));
    plan = { stage: 'IDHACK', keysExamined: idCond.values.length, docsExamined: 0 };
    exact = single && isExactEquality(filter._id);
  } else {
    for (const index of coll.indexes.values()) {
      const c = conditions.get(index.leadingField);
      if (!c || index.isPartial) continue;
      if (!sameCollation(index.collation, scope.collation) && hasStrings(c)) continue;
      const found = c.kind === 'eq' ? index.lookup(c.values) : index.range(c.bounds);
      ids = found.ids;
      plan = { stage: 'IXSCAN', indexName: index.name, keysExamined: found.keysExamined, docsExamined: 0 };
      exact = single && isExactEquality(filter[index.leadingField]);
      if (c.kind === 'eq') break;
    }
  }
  const docs: StoredDocument[] = [];
  // No candidate to test (a guarded upsert of a new document, say): a filter that cannot fail to
  // compile need not be compiled.
  if (ids?.size === 0 && isPlainComparison(filter)) return { docs, plan };
  const query = exact ? undefined : queries.get(filter, scope);
  const candidates = ids ? [...ids].map((id) => coll.docs.get(id)!) : coll.docs.values();
  for (const stored of candidates) {
    if (docs.length >= limit) break;
    plan.docsExamined++;
    if (!query || testQuery(query, stored.view)) docs.push(stored);
  }
  return { docs, plan };
}

/**
 * A condition that an `_id` or index lookup answers exactly, without testing the documents found:
 * `v`, `{ $eq: v }` or `{ $in: [v, …] }` on scalars, with no other operator beside it.
 */
function isExactEquality(condition: unknown): boolean {
  if (isScalar(condition)) return true;
  if (!isPlainObject(condition)) return false;
  const ops = Object.keys(condition);
  if (ops.length !== 1) return false;
  if (ops[0] === '$eq') return isScalar(condition.$eq);
  return ops[0] === '$in' && Array.isArray(condition.$in) && condition.$in.every(isScalar);
}

const PLAIN_COMPARISONS = new Set(['$eq', '$ne', '$lt', '$lte', '$gt', '$gte']);

/**
 * True when every condition is a top-level field compared with a scalar (`{ a: 1 }`,
 * `{ a: { $lt: 5, $ne: 2 } }`, `{ a: { $in: [1, 2] } }`): such a filter always compiles, so
 * MongoDB would raise no error for it either.
 */
function isPlainComparison(filter: Document): boolean {
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) return false;
    if (isScalar(condition)) continue;
    if (!isPlainObject(condition)) return false;
    const ops = Object.keys(condition);
    if (ops.length === 0) return false;
    for (const op of ops) {
      const operand = condition[op];
      if (
        op === '$in'
          ? !Array.isArray(operand) || !operand.every(isScalar)
          : !PLAIN_COMPARISONS.has(op) || !isScalar(operand)
      )
        return false;
    }
  }
  return true;
}

/** `{ _id: scalar }`, the commonest filter of all, straight from the document map. */
function exactIdLookup(
  coll: Collection,
  filter: Document,
): { docs: StoredDocument[]; plan: QueryPlan } | undefined {
  let only: string | undefined;
  for (const k in filter) {
    if (only !== undefined || k !== '_id') return undefined;
    only = k;
  }
  const id = filter._id;
  if (only === undefined || !isScalar(id)) return undefined;
  const stored = coll.get(id);
  return {
    docs: stored ? [stored] : [],
    plan: { stage: 'IDHACK', keysExamined: 1, docsExamined: stored ? 1 : 0 },
  };
}

/**
 * A sort whose first field an index's order answers: walks that index, testing the filter, and
 * stops once `limit` matches are found. With more sort fields, each run of documents equal on the
 * first field is sorted by the whole specification before it is taken, so `{ balance: -1, _id: 1 }`
 * walks the `balance` index. Undefined when no index fits, or when an equality on another indexed
 * field (or on `_id`) promises fewer documents to test and sort than the walk would.
 */
export function matchInIndexOrder(
  coll: Collection,
  filter: Document,
  sort: Document,
  queries: CompiledQueryCache,
  limit: number,
  scope: QueryScope = NO_SCOPE,
): { docs: StoredDocument[]; plan: QueryPlan } | undefined {
  const keys = Object.keys(sort);
  // `$natural`, `$meta` and bad directions are left to the in-memory sort, which answers them.
  if (keys.length === 0 || keys.some((k) => k.startsWith('$'))) return undefined;
  if (keys.some((k) => Math.abs(Number(sort[k])) !== 1)) return undefined;
  const direction = Number(sort[keys[0]]) as 1 | -1;
  const index = [...coll.indexes.values()].find(
    (i) =>
      i.leadingField === keys[0] &&
      !i.isPartial &&
      !i.multikey &&
      sameCollation(i.collation, scope.collation),
  );
  if (!index || !walkBeatsLookup(coll, filter, limit, scope)) return undefined;
  const query = Object.keys(filter).length === 0 ? undefined : queries.get(filter, scope);
  const plan: QueryPlan = { stage: 'IXSCAN', indexName: index.name, keysExamined: 0, docsExamined: 0 };
  const docs: StoredDocument[] = [];
  const single = keys.length === 1;
  const collator = collatorFor(scope.collation);
  let run: StoredDocument[] = [];
  let runValue: { value: unknown } | undefined;
  const takeRun = () => {
    docs.push(...(run.length > 1 ? sortDocuments(run, sort, (d) => d.doc, undefined, collator) : run));
    run = [];
  };
  for (const entry of index.ordered(direction)) {
    if (single) {
      if (docs.length >= limit) break;
    } else if (runValue === undefined || index.compareLeading(entry.value, runValue.value) !== 0) {
      takeRun();
      if (docs.length >= limit) break;
      runValue = { value: entry.value };
    }
    plan.keysExamined++;
    const stored = coll.docs.get(entry.id)!;
    plan.docsExamined++;
    if (!query || testQuery(query, stored.view)) (single ? docs : run).push(stored);
  }
  takeRun();
  return { docs, plan };
}

/**
 * Whether walking a sort's index beats the sharpest equality lookup (then a sort of what it
 * finds): the walk tests about `limit × n / c` documents (all `n` without a limit), the lookup
 * tests its `c` candidates and sorts them.
 */
function walkBeatsLookup(coll: Collection, filter: Document, limit: number, scope: QueryScope): boolean {
  const conditions = fieldConditions(filter);
  if (conditions.get('_id')?.kind === 'eq') return false;
  let candidates = Infinity;
  for (const index of coll.indexes.values()) {
    const c = conditions.get(index.leadingField);
    if (c?.kind !== 'eq' || index.isPartial) continue;
    if (!sameCollation(index.collation, scope.collation) && hasStrings(c)) continue;
    candidates = Math.min(candidates, index.countEqual(c.values));
  }
  if (candidates === Infinity) return true;
  if (candidates === 0) return false;
  const n = coll.docs.size;
  const walked = limit === Infinity ? n : Math.min(n, (limit * n) / candidates);
  return walked < candidates * Math.max(1, Math.log2(candidates));
}

/** A query can still fail while running (e.g. a disabled `$function`): that is the client's BadValue. */
function testQuery(query: Query, view: Document): boolean {
  try {
    return query.test(view);
  } catch (e) {
    throw clientError(e);
  }
}
