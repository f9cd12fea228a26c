import type { Document } from 'bson';
import { isPlainObject, valuesEqual } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { MongoCommandError } from '../command-error.js';
import { runPipeline } from '../engine/aggregation.js';
import { Collection } from '../engine/collection.js';
import { getPath } from '../engine/document-path.js';
import { assertValidDocument } from '../engine/document-validator.js';
import { matchDocuments } from '../engine/query-planner.js';
import { letScope } from '../engine/query-scope.js';
import { insertDocument, prepareInsert } from '../engine/write-operations.js';
import type { CommandContext } from './command-context.js';

export const OUTPUT_STAGES = ['$out', '$merge'] as const;

interface Target {
  db: string;
  coll: string;
}

function targetOf(ctx: CommandContext, stage: string, spec: unknown): Target {
  if (typeof spec === 'string') return { db: ctx.db, coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string')
    return { db: typeof spec.db === 'string' ? spec.db : ctx.db, coll: spec.coll };
  throw new MongoCommandError('FailedToParse', `${stage} requires a collection name or { db, coll }`);
}

/** Refuses output into a view, as MongoDB does for any write into one. */
function assertNotView(ctx: CommandContext, target: Target, stage: string): void {
  if (ctx.catalog.get(target.db, target.coll)?.options.viewOn !== undefined)
    throw new MongoCommandError(
      'CommandNotSupportedOnView',
      `Cannot ${stage === '$out' ? 'write' : 'merge'} into a view: ${target.db}.${target.coll}`,
    );
}

/**
 * `$out`: the target's documents become the results, all or nothing. The results are first
 * loaded into a copy with the target's indexes, so a duplicate key fails before anything changes;
 * the target keeps its options and indexes.
 */
export function writeOut(ctx: CommandContext, spec: unknown, results: Document[]): void {
  const target = targetOf(ctx, '$out', spec);
  assertNotView(ctx, target, '$out');
  const existing = ctx.catalog.get(target.db, target.coll);
  const staged = new Collection(target.db, target.coll, existing?.options ?? {});
  for (const index of existing?.indexes.values() ?? []) staged.createIndex(index.spec);
  for (const doc of results) {
    const prepared = prepareInsert(staged, doc);
    assertValidDocument(ctx, staged, prepared);
    staged.put(prepared);
  }
  if (existing) ctx.catalog.drop(target.db, target.coll, ctx.changes);
  const coll = ctx.catalog.create(target.db, target.coll, staged.options, ctx.changes);
  for (const index of staged.indexes.values()) ctx.catalog.createIndex(coll, index.spec, ctx.changes);
  for (const stored of staged.docs.values()) ctx.catalog.put(coll, stored.doc, ctx.changes);
}

const WHEN_MATCHED = new Set(['replace', 'keepExisting', 'merge', 'fail']);
const WHEN_NOT_MATCHED = new Set(['insert', 'discard', 'fail']);

/**
 * `$merge`: each result is matched to a target document by the `on` fields (which, other than
 * `_id`, need a unique index on the target), then replaced, kept, merged, refused or updated by
 * a pipeline (`$$new` is the result); an unmatched one is inserted, discarded or refused. As in
 * MongoDB the writes are not atomic: results before a failing one stay written.
 */
export function writeMerge(ctx: CommandContext, spec: unknown, results: Document[]): void {
  const options: Document = typeof spec === 'string' ? { into: spec } : isPlainObject(spec) ? spec : {};
  const target = targetOf(ctx, '$merge', options.into);
  assertNotView(ctx, target, '$merge');
  const on =
    options.on === undefined
      ? ['_id']
      : Array.isArray(options.on)
        ? options.on.map(String)
        : [String(options.on)];
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = String(options.whenNotMatched ?? 'insert');
  if (!Array.isArray(whenMatched) && !WHEN_MATCHED.has(String(whenMatched)))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(whenMatched)}' for field 'whenMatched' is not a valid value.`,
    );
  if (!WHEN_NOT_MATCHED.has(whenNotMatched))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${whenNotMatched}' for field 'whenNotMatched' is not a valid value.`,
    );
  const existing = ctx.catalog.get(target.db, target.coll);
  const byId = on.length === 1 && on[0] === '_id';
  if (!byId && !existing?.indexes.size) throw noUniqueIndex();
  if (
    !byId &&
    ![...existing!.indexes.values()].some((i) => i.spec.unique && sameFields(Object.keys(i.spec.key), on))
  )
    throw noUniqueIndex();
  const coll = existing ?? ctx.catalog.ensure(target.db, target.coll, ctx.changes);
  for (const result of results) {
    const filter: Document = {};
    for (const field of on) {
      const value = getPath(result, field);
      if (value === undefined || Array.isArray(value))
        throw new MongoCommandError(
          'Location51132',
          `$merge write error: 'on' field '${field}' cannot be missing, null, undefined or an array`,
        );
      filter[field] = value;
    }
    const [match] = matchDocuments(coll, filter, ctx.queries, 1).docs;
    if (!match) {
      if (whenNotMatched === 'insert') insertDocument(ctx, coll, result);
      else if (whenNotMatched === 'fail')
        throw new MongoCommandError(
          'MergeStageNoMatchingDocument',
          `$merge could not find a matching document in the target collection for at least one document in the source collection`,
        );
      continue;
    }
    const current = match.doc;
    let next: Document;
    if (Array.isArray(whenMatched)) {
      const resultView = toQueryView(result);
      const scope = { variables: { new: resultView, ...letScope(options.let, resultView).variables } };
      [next] = runPipeline(
        whenMatched as Document[],
        [{ id: '', doc: current, view: toQueryView(current) }],
        undefined,
        scope,
      );
    } else if (whenMatched === 'keepExisting') continue;
    else if (whenMatched === 'fail')
      throw coll.duplicate({ v: 2, key: { _id: 1 }, name: '_id_' }, { _id: current._id });
    else if (whenMatched === 'replace') next = { ...result };
    else next = { ...current, ...result };
    if (next._id === undefined) next = { _id: current._id, ...next };
    else if (!valuesEqual(next._id, current._id))
      throw new MongoCommandError(
        'ImmutableField',
        `$merge failed to update the matching document, did you attempt to modify the _id or the shard key?`,
      );
    else next = { _id: current._id, ...next };
    assertValidDocument(ctx, coll, next, current);
    coll.assertUnique(next, match.id, current);
    ctx.catalog.put(coll, next, ctx.changes);
  }
}

const sameFields = (a: string[], b: string[]): boolean =>
  a.length === b.length && a.every((f) => b.includes(f));

const noUniqueIndex = () =>
  new MongoCommandError('Location51183', 'Cannot find index to verify that join fields will be unique');
