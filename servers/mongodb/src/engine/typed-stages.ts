import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { evalExpr, type Context } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import { $push } from 'mingo/operators/accumulator';
import * as mingoStages from 'mingo/operators/pipeline';
import { groupBy } from 'mingo/util';
import { compareValues, indexKey, isPlainObject } from '../bson/bson-value.js';
import { averageNumbers, sumNumbers } from '../bson/numeric-arithmetic.js';
import { BinaryView, toQueryView } from '../bson/query-view.normaliser.js';
import { collatorFor } from './collation.js';
import { sortDocuments } from './document-sort.js';
import { typedArithmetic } from './typed-arithmetic.js';
import { PipelineRun, mayMutateInput } from './pipeline-run.js';

/** What mingo hands a pipeline operator: its ComputeOptions, holding ours under `options`. */
interface StageOptions {
  options?: { pipelineRun?: PipelineRun };
  /** The command's collation (ComputeOptions passes it through). */
  collation?: Document;
  pipelineRun?: PipelineRun;
  context: Context;
}
type Stage = (coll: Iterator, expr: never, options: never) => Iterator;

const runOf = (options: StageOptions): PipelineRun =>
  options.options?.pipelineRun ?? options.pipelineRun ?? new PipelineRun(true);

/** `$a.b`, `$$ROOT.a.b` or `$$CURRENT.a.b` → `a.b` (`''` for the whole document); else undefined. */
function fieldPathOf(expr: unknown): string | undefined {
  if (typeof expr !== 'string' || !expr.startsWith('$')) return undefined;
  for (const root of ['$$ROOT', '$$CURRENT']) {
    if (expr === root) return '';
    if (expr.startsWith(root + '.')) return expr.slice(root.length + 1);
  }
  return expr.startsWith('$$') ? undefined : expr.slice(1);
}

/** Each member's value of an accumulator's argument, with its BSON type (undefined when missing). */
function argumentValues(
  run: PipelineRun,
  members: Document[],
  arg: unknown,
  options: StageOptions,
): unknown[] {
  const path = fieldPathOf(arg);
  if (path !== undefined) return members.map((m) => run.valueAt(m, path));
  const typed = members.map((m) => typedArithmetic(run, m, arg));
  if (typed.every((v) => v !== undefined)) return typed;
  // Any other computed value has no stored type; mingo's own evaluation gives it.
  return ($push(members, arg as never, options as never) as unknown[]).map((v) =>
    run.restore(v, '', undefined),
  );
}

function extreme(values: unknown[], sign: 1 | -1): unknown {
  let best: unknown;
  for (const v of values) {
    if (v === undefined || v === null) continue; // $min and $max ignore null and missing
    if (best === undefined || compareValues(v, best) * sign > 0) best = v;
  }
  return best ?? null;
}

function uniqueValues(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) if (v !== undefined && !seen.has(indexKey(v))) seen.set(indexKey(v), v);
  return [...seen.values()];
}

/** One `$group` output field, computed over the members' typed values as MongoDB does. */
function accumulate(
  run: PipelineRun,
  members: Document[],
  spec: unknown,
  field: string,
  options: StageOptions,
): unknown {
  const ops = isPlainObject(spec) ? Object.keys(spec) : [];
  if (ops.length !== 1 || !ops[0].startsWith('$'))
    throw new Error(`The field '${field}' must be an accumulator object`);
  const op = ops[0];
  const arg = (spec as Document)[op] as unknown;
  const values = () => argumentValues(run, members, arg, options);
  switch (op) {
    case '$sum':
      return sumNumbers(values());
    case '$avg':
      return averageNumbers(values());
    case '$min':
      return extreme(values(), -1);
    case '$max':
      return extreme(values(), 1);
    case '$first':
      return values()[0] ?? null;
    case '$last':
      return values().at(-1) ?? null;
    case '$push':
      return values().filter((v) => v !== undefined);
    case '$addToSet':
      return uniqueValues(values());
    case '$count':
      return members.length;
    default: {
      const fn = options.context.getOperator('accumulator' as never, op) as
        ((coll: Document[], expr: unknown, o: unknown) => unknown) | null;
      if (!fn) throw new Error(`unknown group operator '${op}'`);
      return run.restore(fn(members, arg, options), field, undefined);
    }
  }
}

/** The group's `_id` with BSON types: field paths read from the first member, as MongoDB keeps them. */
function groupKey(run: PipelineRun, first: Document, idExpr: unknown, viewKey: unknown): unknown {
  const path = fieldPathOf(idExpr);
  if (path !== undefined) return run.valueAt(first, path) ?? null;
  if (isPlainObject(idExpr) && !Object.keys(idExpr).some((k) => k.startsWith('$'))) {
    const key: Document = {};
    const view = isPlainObject(viewKey) ? viewKey : {};
    for (const k in idExpr) {
      const v = groupKey(run, first, idExpr[k], view[k]);
      if (v !== undefined && (v !== null || view[k] !== undefined)) key[k] = v;
    }
    return key;
  }
  return run.restore(viewKey, '', undefined);
}

/**
 * `$group`, grouping as mingo does but accumulating the members' typed values: `$sum` of Longs
 * is a Long, of Int32s an Int32 (a Long once it overflows), with a Double a Double, with a
 * Decimal128 an exact Decimal128; a key read from a Long stays a Long. Its output is the view
 * of the typed document, registered with the run so the reply carries the typed one.
 */
function $group(coll: Iterator, expr: Document, options: StageOptions): Iterator {
  if (!isPlainObject(expr) || !('_id' in expr)) throw new Error('a group specification must include an _id');
  const run = runOf(options);
  const idExpr = expr._id as unknown;
  const fields = Object.keys(expr).filter((k) => k !== '_id');
  return coll.transform((items: Document[]) => {
    const partitions = groupBy(items, (doc) => evalExpr(doc, idExpr as never, options as never));
    const out: Document[] = [];
    for (const [key, members] of partitions) {
      const typed: Document = { _id: groupKey(run, members[0], idExpr, key) };
      for (const f of fields) typed[f] = accumulate(run, members, expr[f], f, options);
      const view = toQueryView(typed);
      run.register(view, typed);
      out.push(view);
    }
    return Lazy(out);
  });
}

const sortValue = (v: unknown): unknown => (v instanceof BinaryView ? v.binary : v);

/** `$sort` in MongoDB's order of BSON types (an array sorts by its smallest or largest element). */
function $sort(coll: Iterator, spec: Document, options: StageOptions): Iterator {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0)
    throw new Error('$sort specification is invalid');
  const collator = collatorFor(options.collation);
  return coll.transform((items: Document[]) =>
    Lazy(sortDocuments(items, spec, (d) => d, sortValue, collator)),
  );
}

/** `$facet` with a copy of the input only for sub-pipelines that may edit it (mingo copies for all). */
function $facet(coll: Iterator, expr: Document, options: StageOptions): Iterator {
  const run = runOf(options);
  return coll.transform((items: Document[]) => {
    const out: Document = {};
    for (const [name, pipeline] of Object.entries(expr)) {
      const sub = run.child(run.copying || mayMutateInput(pipeline));
      const input = sub.copying ? items.map((d) => sub.copy(d) as Document) : items;
      const subOptions = { ...(options.options ?? options), pipelineRun: sub };
      out[name] = new Aggregator(pipeline as Document[], subOptions as never).run(input);
    }
    return Lazy([out]);
  });
}

/** Output key → field path, for `{ key: '$path' }` entries of a `$project` or `$addFields`. */
function fieldReferences(expr: unknown): [string, string][] {
  if (!isPlainObject(expr)) return [];
  const refs: [string, string][] = [];
  for (const [key, value] of Object.entries(expr)) {
    const path = fieldPathOf(value);
    if (path !== undefined && path !== '' && !key.includes('.')) refs.push([key, path]);
  }
  return refs;
}

/** Output key → arithmetic expression, for computed entries whose BSON type MongoDB keeps. */
function computedFields(expr: unknown): [string, unknown][] {
  if (!isPlainObject(expr)) return [];
  return Object.entries(expr).filter(([key, value]) => !key.includes('.') && isPlainObject(value));
}

/**
 * mingo's stage, followed output by output, so the run knows which typed values each output
 * object carries over from its input (`{ account: '$_id' }` keeps a Long a Long) or computes
 * from it (`{ total: { $add: ['$a', '$b'] } }` over Longs is a Long).
 */
function traced(
  stage: Stage,
  references: (expr: unknown) => [string, string][] = () => [],
  idFirst = false,
): Stage {
  return ((coll: Iterator, expr: unknown, options: StageOptions) => {
    const run = runOf(options);
    const refs = references(expr);
    const computed = references === fieldReferences ? computedFields(expr) : [];
    let input: unknown;
    const tapped = coll.map((d: unknown) => (input = d));
    return stage(tapped, expr as never, options as never).map((produced: unknown) => {
      let out = produced;
      // MongoDB's $project outputs _id first; mingo's puts it where it happens to land.
      if (idFirst && isPlainObject(out) && '_id' in out && Object.keys(out)[0] !== '_id') {
        const { _id, ...rest } = out;
        out = { _id, ...rest };
      }
      if (out !== null && typeof out === 'object' && input !== null && typeof input === 'object') {
        const values = computed
          .map(([key, e]): [string, unknown] => [key, typedArithmetic(run, input, e)])
          .filter(([, v]) => v !== undefined);
        run.derive(out, input, refs, values);
      }
      return out;
    });
  }) as Stage;
}

/** `$count`: MongoDB outputs no document at all for an empty input (mingo outputs a count of 0). */
function $count(coll: Iterator, field: unknown): Iterator {
  if (typeof field !== 'string' || field === '' || field.startsWith('$') || field.includes('.'))
    throw new Error('the count field must be a non-empty string, not starting with $ nor containing .');
  return coll.transform((items: unknown[]) => Lazy(items.length === 0 ? [] : [{ [field]: items.length }]));
}

export const TYPED_STAGES: Record<string, Stage> = {
  $count: $count as Stage,
  $group: $group as Stage,
  $sort: $sort as Stage,
  $facet: $facet as Stage,
  $project: traced(mingoStages.$project as Stage, fieldReferences, true),
  $addFields: traced(mingoStages.$addFields as Stage, fieldReferences),
  $set: traced(mingoStages.$set as Stage, fieldReferences),
  $unwind: traced(mingoStages.$unwind as Stage),
};
