import { ObjectId, calculateObjectSize, type Document } from 'bson';
import { isPlainObject, valuesEqual } from '../bson/bson-value.js';
import { describeValue } from '../bson/value-description.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { sameBson } from '../bson/same-bson.js';
import { MongoCommandError } from '../command-error.js';
import type { CommandContext } from '../commands/command-context.js';
import type { Collection } from './collection.js';
import type { StoredDocument } from './stored-document.js';
import { setPath } from './document-path.js';
import { runPipeline } from './aggregation.js';
import { collatorFor } from './collation.js';
import { assertValidDocument } from './document-validator.js';
import { sortDocuments } from './document-sort.js';
import { matchDocuments } from './query-planner.js';
import { collectionScope, type QueryScope } from './query-scope.js';
import { assertValidId, withIdFirst } from './stored-shape.js';
import { applyUpdate } from './update-applier.js';
import { isOperatorUpdate, validateUpdate } from './update-validator.js';

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

/** Inserts one document, giving it an `_id` first when it has none. */
export function insertDocument(
  ctx: CommandContext,
  coll: Collection,
  doc: Document,
  knownSize?: number,
): void {
  const prepared = prepareInsert(coll, doc, knownSize);
  assertValidDocument(ctx, coll, prepared);
  ctx.catalog.put(coll, prepared, ctx.changes);
}

/** The document as it would be inserted (`_id` first, made when missing), checked as MongoDB checks it. */
export function prepareInsert(coll: Collection, doc: Document, knownSize?: number): Document {
  const size = knownSize ?? calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError(
      'BSONObjectTooLarge',
      `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`,
    );
  }
  const withId = doc._id === undefined ? { _id: new ObjectId(), ...doc } : withIdFirst(doc);
  assertValidId(withId._id);
  coll.assertUnique(withId);
  return withId;
}

export interface UpdateSpec {
  q: Document;
  u: Document | Document[];
  multi?: boolean;
  upsert?: boolean;
  arrayFilters?: Document[];
  sort?: Document;
}

export interface UpdateOutcome {
  n: number;
  nModified: number;
  upsertedId?: unknown;
  /** For findAndModify: the first matched document before and after the update. */
  before?: Document;
  after?: Document;
}

/** Runs one update statement: the matching documents (all or the first), or an upsert. */
export function updateDocuments(
  ctx: CommandContext,
  db: string,
  collName: string,
  spec: UpdateSpec,
): UpdateOutcome {
  if (!Array.isArray(spec.u) && !isPlainObject(spec.u))
    throw new MongoCommandError('FailedToParse', 'Update argument must be either an object or an array');
  validateUpdate(spec.u);
  if (Array.isArray(spec.u)) assertUpdatePipeline(spec.u);
  if (spec.multi && !Array.isArray(spec.u) && !isOperatorUpdate(spec.u)) {
    throw new MongoCommandError(
      'FailedToParse',
      'multi update is not supported for replacement-style update',
    );
  }
  const existing = ctx.catalog.get(db, collName);
  const matched = existing ? findForWrite(ctx, existing, spec.q, spec.multi ? Infinity : 1, spec.sort) : [];
  const outcome: UpdateOutcome = { n: matched.length, nModified: 0 };
  for (const stored of matched) {
    const next = computeUpdate(stored.doc, spec, false, ctx.scope);
    if (outcome.before === undefined) {
      outcome.before = stored.doc;
      outcome.after = next;
    }
    if (sameBson(stored.doc, next)) continue;
    assertSize(next);
    assertValidDocument(ctx, existing!, next, stored.doc);
    existing!.assertUnique(next, stored.id, stored.doc);
    ctx.catalog.put(existing!, next, ctx.changes);
    outcome.nModified++;
  }
  if (matched.length > 0 || !spec.upsert) return outcome;
  const coll = existing ?? ctx.catalog.ensure(db, collName, ctx.changes);
  const seed = upsertSeed(spec.q);
  let doc = computeUpdate(seed, spec, true, ctx.scope);
  doc = doc._id === undefined ? { _id: new ObjectId(), ...doc } : withIdFirst(doc);
  assertValidId(doc._id);
  assertSize(doc);
  assertValidDocument(ctx, coll, doc);
  coll.assertUnique(doc);
  ctx.catalog.put(coll, doc, ctx.changes);
  return { n: 1, nModified: 0, upsertedId: doc._id, after: doc };
}

function assertSize(doc: Document): void {
  const size = calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError(
      'BSONObjectTooLarge',
      `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`,
    );
  }
}

function computeUpdate(doc: Document, spec: UpdateSpec, inserting: boolean, scope: QueryScope): Document {
  if (Array.isArray(spec.u)) return pipelineUpdate(doc, spec.u, scope);
  if (inserting && !isOperatorUpdate(spec.u)) {
    return spec.u._id === undefined && doc._id !== undefined ? { _id: doc._id, ...spec.u } : { ...spec.u };
  }
  return applyUpdate(doc, spec.u, { arrayFilters: spec.arrayFilters, inserting, filter: spec.q });
}

/** Stages MongoDB runs in an update pipeline; it refuses the others before touching a document. */
const UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function assertUpdatePipeline(pipeline: Document[]): void {
  for (const stage of pipeline) {
    const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (name === undefined || !UPDATE_STAGES.has(name))
      throw new MongoCommandError(
        'InvalidOptions',
        `${name ?? 'A non-object stage'} is not allowed to be used within an update`,
      );
  }
}

/**
 * The document a pipeline makes of `doc`. A stage that replaces the root drops `_id`: the new
 * document keeps the old one (first), and changing it is refused as MongoDB refuses it.
 */
function pipelineUpdate(doc: Document, pipeline: Document[], scope: QueryScope): Document {
  // Stages such as $set edit nested objects in place: the run copies, the stored document stays.
  const [out] = runPipeline(pipeline, [{ id: '', doc, view: toQueryView(doc) }], undefined, scope);
  if (out._id === undefined) return doc._id === undefined ? out : { _id: doc._id, ...out };
  if (doc._id !== undefined && !valuesEqual(doc._id, out._id))
    throw new MongoCommandError(
      'ImmutableField',
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${describeValue(out._id)}`,
    );
  return withIdFirst(out);
}

/** Matching documents for a write, recording the plan; with a sort the first ones in that order. */
export function findForWrite(
  ctx: CommandContext,
  coll: Collection,
  filter: Document,
  limit: number,
  sort?: Document,
): StoredDocument[] {
  const sorted = sort && Object.keys(sort).length > 0;
  const scope = collectionScope(ctx.scope, coll);
  const { docs, plan } = matchDocuments(coll, filter, ctx.queries, sorted ? Infinity : limit, scope);
  recordPlan(ctx, plan);
  if (!sorted) return docs;
  return sortDocuments(docs, sort, (s) => s.doc, undefined, collatorFor(scope.collation)).slice(0, limit);
}

export function recordPlan(ctx: CommandContext, plan: CommandContext['stats']['lastPlan'] & object): void {
  const s = ctx.stats;
  s.lastPlan = plan;
  s.docsExamined += plan.docsExamined;
  if (plan.stage === 'COLLSCAN') s.collectionScans++;
  else if (plan.stage === 'IXSCAN') s.indexScans++;
  else s.idLookups++;
}

/** The document an upsert starts from: the filter's equality conditions (dotted, `$eq`, `$and`). */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  const visit = (f: Document) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((sub) => isPlainObject(sub) && visit(sub));
      if (k.startsWith('$')) continue;
      const opKeys = isPlainObject(v) ? Object.keys(v) : [];
      if (opKeys.length > 0 && opKeys.every((o) => o.startsWith('$'))) {
        if (opKeys.includes('$eq')) setPath(seed, k, (v as Document).$eq);
      } else {
        setPath(seed, k, v);
      }
    }
  };
  visit(filter);
  return seed;
}
