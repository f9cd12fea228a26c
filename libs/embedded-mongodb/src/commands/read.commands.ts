import { Long, type Document } from 'bson';
import { EMPTY_ARRAY_KEY, compareValues, indexKey, isPlainObject } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { OUTPUT_STAGES, writeMerge, writeOut } from './aggregate-output.js';
import { MongoCommandError } from '../command-error.js';
import { runPipeline } from '../engine/aggregation.js';
import type { StoredDocument } from '../engine/collection.js';
import { getIndexValues } from '../engine/document-path.js';
import { sortDocuments } from '../engine/document-sort.js';
import { projectDocuments } from '../engine/find-projection.js';
import { matchDocuments, matchInIndexOrder, type QueryPlan } from '../engine/query-planner.js';
import { recordPlan } from '../engine/write-operations.js';
import { clientError } from '../engine/mingo-query.js';
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
  const inOrder = sorted
    ? matchInIndexOrder(coll, filter, sort, ctx.queries, skip + limit, ctx.scope)
    : undefined;
  const matched =
    inOrder ?? matchDocuments(coll, filter, ctx.queries, sorted ? Infinity : skip + limit, ctx.scope);
  recordPlan(ctx, matched.plan);
  let docs = matched.docs.map((s) => s.doc);
  if (sorted && !inOrder) docs = sortDocuments(docs, sort, (d) => d);
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
  if (Object.keys(query).length === 0)
    return { n: Math.max(0, Math.min(coll.docs.size - skip, limit)), ok: 1 };
  const { docs, plan } = matchDocuments(coll, query, ctx.queries, skip + limit);
  recordPlan(ctx, plan);
  return { n: Math.max(0, docs.length - skip), ok: 1 };
};

const distinct: CommandHandler = (ctx) => {
  const key = ctx.body.key;
  if (typeof key !== 'string')
    throw new MongoCommandError('TypeMismatch', `BSON field 'distinct.key' is the wrong type`);
  const coll = ctx.catalog.get(ctx.db, String(ctx.body.distinct));
  if (!coll) return { values: [], ok: 1 };
  const { docs, plan } = matchDocuments(coll, (ctx.body.query ?? {}) as Document, ctx.queries);
  recordPlan(ctx, plan);
  const values = new Map<string, unknown>();
  for (const s of docs) {
    for (const v of getIndexValues(s.doc, key)) {
      if (v !== undefined && v !== EMPTY_ARRAY_KEY) values.set(indexKey(v), v);
    }
  }
  return { values: [...values.values()].sort(compareValues), ok: 1 };
};

/** The final `$out` or `$merge`, if any; anywhere else it is MongoDB's 40601. */
function outputStage(pipeline: Document[]): { name: '$out' | '$merge'; spec: unknown } | undefined {
  for (let i = 0; i < pipeline.length; i++) {
    const name = OUTPUT_STAGES.find((n) => isPlainObject(pipeline[i]) && n in pipeline[i]);
    if (!name) continue;
    if (i !== pipeline.length - 1)
      throw new MongoCommandError('Location40601', `${name} can only be the final stage in the pipeline`);
    return { name, spec: pipeline[i][name] };
  }
  return undefined;
}

/** A leading `$match` uses the query planner; the other stages run in mingo over normalised views. */
function runAggregate(ctx: CommandContext, name: string, pipeline: Document[]): Document[] {
  const output = outputStage(pipeline);
  if (output) {
    const results = runAggregate(ctx, name, pipeline.slice(0, -1));
    if (output.name === '$out') writeOut(ctx, output.spec, results);
    else writeMerge(ctx, output.spec, results);
    return [];
  }
  const coll = ctx.catalog.get(ctx.db, name);
  let stages = pipeline;
  let input: StoredDocument[] = coll ? [...coll.docs.values()] : [];
  if (pipeline.findIndex((s) => '$listLocalSessions' in s) > 0)
    throw new MongoCommandError(
      'Location40602',
      '$listLocalSessions is only valid as the first stage in a pipeline',
    );
  if (pipeline[0] && '$listLocalSessions' in pipeline[0]) {
    input = ctx.sessions.list().map((doc) => ({ id: '', doc, view: toQueryView(doc) }));
    stages = stages.slice(1);
  } else if (coll && stages[0]?.$match) {
    const matched = matchDocuments(coll, stages[0].$match as Document, ctx.queries, Infinity, ctx.scope);
    recordPlan(ctx, matched.plan);
    input = matched.docs;
    stages = stages.slice(1);
  }
  if (stages.length === 0) return input.map((s) => s.doc);
  try {
    return runPipeline(
      stages,
      input,
      (other) => ctx.catalog.get(ctx.db, other)?.docs.values() ?? [],
      ctx.scope,
    );
  } catch (e) {
    if (e instanceof MongoCommandError) throw e;
    const message = (e as Error).message;
    const stage = /(?:unknown|unregistered) pipeline operator:? .?(\$\w+)/i.exec(message);
    if (stage)
      throw new MongoCommandError('Location40324', `Unrecognized pipeline stage name: '${stage[1]}'`);
    throw clientError(e);
  }
}

const aggregate: CommandHandler = (ctx) => {
  const pipeline = ctx.body.pipeline;
  if (!Array.isArray(pipeline))
    throw new MongoCommandError('TypeMismatch', "'pipeline' option must be specified as an array");
  const name = typeof ctx.body.aggregate === 'string' ? ctx.body.aggregate : '$cmd.aggregate';
  const docs = runAggregate(ctx, name, pipeline as Document[]);
  const ns = `${ctx.db}.${name}`;
  const batchSize = (ctx.body.cursor as Document | undefined)?.batchSize as number | undefined;
  const { batch, id } = ctx.cursors.open(ns, docs, batchSize);
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

/** `cursor.explain()`: how a find was answered (IDHACK, IXSCAN or COLLSCAN) and how much it read. */
const explain: CommandHandler = (ctx) => {
  const inner = ctx.body.explain as Document;
  if (!inner || inner.find === undefined)
    throw new MongoCommandError('IllegalOperation', 'explain supports find only');
  const { docs, plan, ns } = runFind(ctx, inner);
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
  aggregate,
  explain,
};
