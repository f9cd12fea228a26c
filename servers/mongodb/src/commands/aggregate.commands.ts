import type { Document } from 'bson';
import { isPlainObject } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { MongoCommandError } from '../command-error.js';
import { runPipeline } from '../engine/aggregation.js';
import type { StoredDocument } from '../engine/stored-document.js';
import { clientError } from '../engine/mingo-query.js';
import { matchDocuments } from '../engine/query-planner.js';
import { collectionScope } from '../engine/query-scope.js';
import { isView, viewDefinition } from '../engine/views.js';
import { recordPlan } from '../engine/write-operations.js';
import { OUTPUT_STAGES, writeMerge, writeOut } from './aggregate-output.js';
import type { CommandContext, CommandHandler } from './command-context.js';

/** The documents `$lookup` and `$unionWith` read from another collection, or through a view. */
function foreignDocuments(ctx: CommandContext, name: string): Iterable<StoredDocument> {
  const other = ctx.catalog.get(ctx.db, name);
  if (!other) return [];
  if (!isView(other)) return other.docs.values();
  return runAggregate(ctx, name, []).map((doc) => ({ id: '', doc, view: toQueryView(doc) }));
}

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
export function runAggregate(ctx: CommandContext, name: string, pipeline: Document[]): Document[] {
  const output = outputStage(pipeline);
  if (output) {
    const results = runAggregate(ctx, name, pipeline.slice(0, -1));
    if (output.name === '$out') writeOut(ctx, output.spec, results);
    else writeMerge(ctx, output.spec, results);
    return [];
  }
  const coll = ctx.catalog.get(ctx.db, name);
  if (coll && isView(coll)) {
    // A view is its pipeline over its source (itself maybe a view), then the caller's stages.
    const view = viewDefinition(coll);
    return runAggregate(ctx, view.viewOn, [...view.pipeline, ...pipeline]);
  }
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
    const matched = matchDocuments(
      coll,
      stages[0].$match as Document,
      ctx.queries,
      Infinity,
      collectionScope(ctx.scope, coll),
    );
    recordPlan(ctx, matched.plan);
    input = matched.docs;
    stages = stages.slice(1);
  }
  if (stages.length === 0) return input.map((s) => s.doc);
  try {
    return runPipeline(
      stages,
      input,
      (other) => foreignDocuments(ctx, other),
      collectionScope(ctx.scope, coll),
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

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
