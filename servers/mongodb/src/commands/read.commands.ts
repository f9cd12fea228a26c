import { Long, type Document } from 'bson';
import { EMPTY_ARRAY_KEY, compareValues, indexKey } from '../bson/bson-value.js';
import { runAggregate } from './aggregate.commands.js';
import { MongoCommandError } from '../command-error.js';
import { getIndexValues } from '../engine/document-path.js';
import { sortDocuments } from '../engine/document-sort.js';
import { projectDocuments } from '../engine/find-projection.js';
import { matchDocuments, matchInIndexOrder, type QueryPlan } from '../engine/query-planner.js';
import { collatorFor } from '../engine/collation.js';
import { collectionScope, withCollation } from '../engine/query-scope.js';
import { isView } from '../engine/views.js';
import { recordPlan } from '../engine/write-operations.js';
import type { CommandContext, CommandHandler } from './command-context.js';

const toInt = (v: unknown, fallback: number): number =>
  v === undefined || v === null ? fallback : Number(v);

/** Runs a find's filter, sort, skip, limit and projection; returns the documents and the plan. */
function runFind(ctx: CommandContext, body: Document): { docs: Document[]; plan: QueryPlan; ns: string } {
  const name = String(body.find);
  const ns = `${ctx.db}.${name}`;
  const coll = ctx.catalog.get(ctx.db, name);
  const plan: QueryPlan = { stage: 'COLLSCAN', keysExamined: 0, docsExamined: 0 };
  if (!coll) return { docs: [], plan, ns };
  const skip = toInt(body.skip, 0);
  const limit = Math.abs(toInt(body.limit, 0)) || Infinity;
  if (skip < 0) throw new MongoCommandError('BadValue', 'skip value must be non-negative');
  const sort = body.sort as Document | undefined;
  const sorted = sort !== undefined && Object.keys(sort).length > 0;
  const filter = (body.filter ?? {}) as Document;
  const scope = collectionScope(ctx.scope, coll);
  if (isView(coll)) {
    // As MongoDB does: a find on a view is an aggregation after the view's pipeline.
    const stages: Document[] = [{ $match: filter }];
    if (sorted) stages.push({ $sort: sort });
    if (skip > 0) stages.push({ $skip: skip });
    if (limit !== Infinity) stages.push({ $limit: limit });
    const projection = body.projection as Document | undefined;
    if (projection && Object.keys(projection).length > 0) stages.push({ $project: projection });
    return { docs: runAggregate(ctx, name, stages), plan, ns };
  }
  const inOrder = sorted
    ? matchInIndexOrder(coll, filter, sort, ctx.queries, skip + limit, scope)
    : undefined;
  const matched =
    inOrder ?? matchDocuments(coll, filter, ctx.queries, sorted ? Infinity : skip + limit, scope);
  recordPlan(ctx, matched.plan);
  let docs = matched.docs.map((s) => s.doc);
  if (sorted && !inOrder) docs = sortDocuments(docs, sort, (d) => d, undefined, collatorFor(scope.collation));
  docs = docs.slice(skip, skip + limit);
  return { docs: projectDocuments(docs, body.projection as Document | undefined), plan: matched.plan, ns };
}

const find: CommandHandler = (ctx) => {
  const { docs, ns } = runFind(ctx, ctx.body);
  const singleBatch = ctx.body.singleBatch === true || toInt(ctx.body.limit, 0) < 0;
  const { batch, id } = ctx.cursors.open(ns, docs, ctx.body.batchSize as number | undefined, {
    singleBatch,
    noTimeout: ctx.body.noCursorTimeout === true,
  });
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

const getMore: CommandHandler = (ctx) => {
  const id = Long.isLong(ctx.body.getMore) ? ctx.body.getMore : Long.fromNumber(Number(ctx.body.getMore));
  const ns = `${ctx.db}.${String(ctx.body.collection)}`;
  const next = ctx.cursors.next(id, ns, ctx.body.batchSize as number | undefined);
  if (!next) throw new MongoCommandError('CursorNotFound', `cursor id ${id.toString()} not found`);
  return { cursor: { nextBatch: next.batch, id: next.id, ns }, ok: 1 };
};

const killCursors: CommandHandler = (ctx) => {
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const id of (ctx.body.cursors ?? []) as Long[])
    (ctx.cursors.kill(Long.fromValue(id)) ? killed : notFound).push(id);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = (ctx) => {
  const coll = ctx.catalog.get(ctx.db, String(ctx.body.count));
  if (!coll) return { n: 0, ok: 1 };
  const query = (ctx.body.query ?? {}) as Document;
  const skip = toInt(ctx.body.skip, 0);
  const limit = Math.abs(toInt(ctx.body.limit, 0)) || Infinity;
  if (isView(coll)) {
    const n = runAggregate(ctx, coll.name, [{ $match: query }]).length;
    return { n: Math.max(0, Math.min(n - skip, limit)), ok: 1 };
  }
  if (Object.keys(query).length === 0)
    return { n: Math.max(0, Math.min(coll.docs.size - skip, limit)), ok: 1 };
  const { docs, plan } = matchDocuments(
    coll,
    query,
    ctx.queries,
    skip + limit,
    collectionScope(ctx.scope, coll),
  );
  recordPlan(ctx, plan);
  return { n: Math.max(0, docs.length - skip), ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  const key = ctx.body.key;
  if (typeof key !== 'string')
    throw new MongoCommandError('TypeMismatch', `BSON field 'distinct.key' is the wrong type`);
  const coll = ctx.catalog.get(ctx.db, String(ctx.body.distinct));
  if (!coll) return { values: [], ok: 1 };
  const query = (ctx.body.query ?? {}) as Document;
  let docs: Document[];
  if (isView(coll)) docs = runAggregate(ctx, coll.name, [{ $match: query }]);
  else {
    const matched = matchDocuments(coll, query, ctx.queries, Infinity, collectionScope(ctx.scope, coll));
    recordPlan(ctx, matched.plan);
    docs = matched.docs.map((stored) => stored.doc);
  }
  const values = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of getIndexValues(doc, key)) {
      if (v !== undefined && v !== EMPTY_ARRAY_KEY) values.set(indexKey(v), v);
    }
  }
  const collator = collatorFor(collectionScope(ctx.scope, coll).collation);
  const sorted = [...values.values()].sort((a, b) => compareValues(a, b, collator));
  // Under a collation, values it finds equal ('a' and 'A' at strength 2) are one value.
  const distinctValues = collator
    ? sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v, collator) !== 0)
    : sorted;
  return { values: distinctValues, ok: 1 };
};

/** `cursor.explain()`: how a find was answered (IDHACK, IXSCAN or COLLSCAN) and how much it read. */
const explain: CommandHandler = (ctx) => {
  const inner = ctx.body.explain as Document;
  if (!inner || inner.find === undefined)
    throw new MongoCommandError('IllegalOperation', 'explain supports find only');
  const scope = inner.collation === undefined ? ctx.scope : withCollation(ctx.scope, inner.collation);
  const { docs, plan, ns } = runFind({ ...ctx, scope }, inner);
  const scan =
    plan.stage === 'IXSCAN'
      ? { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: plan.indexName } }
      : { stage: plan.stage };
  return {
    queryPlanner: { namespace: ns, winningPlan: scan },
    executionStats: {
      executionSuccess: true,
      nReturned: docs.length,
      totalKeysExamined: plan.keysExamined,
      totalDocsExamined: plan.docsExamined,
    },
    ok: 1,
  };
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  explain,
};
