import type { Document } from 'bson';
import { resolve } from 'mingo/util';
import { isPlainObject, numericValue } from '../bson/bson-value.js';
import { BinaryView, toQueryView } from '../bson/query-view.normaliser.js';
import type { StoredDocument } from './stored-document.js';

const AMBIGUOUS = Symbol('ambiguous');
type ByValue = Map<number, unknown>;

/** Stages that never change the documents handed to them; mingo's others may, in place. */
const NON_MUTATING = new Set([
  '$match',
  '$sort',
  '$skip',
  '$limit',
  '$count',
  '$group',
  '$sortByCount',
  '$lookup',
  '$facet',
  '$unionWith',
  '$sample',
  '$documents',
]);

/**
 * True when a stage could change its input documents in place (mingo's `$project`, `$addFields`,
 * `$unwind`... edit nested objects of their input): those must run over copies, never over
 * the stored documents. `$facet` copies for its own sub-pipelines (see `$facet` in typed-stages).
 */
export function mayMutateInput(pipeline: unknown): boolean {
  if (!Array.isArray(pipeline)) return false;
  for (const stage of pipeline as Document[]) {
    const name = Object.keys(stage)[0];
    const spec = stage[name] as unknown;
    if (!NON_MUTATING.has(name)) return true;
    if ((name === '$lookup' || name === '$unionWith') && isPlainObject(spec) && mayMutateInput(spec.pipeline))
      return true;
  }
  return false;
}

const isBsonValue = (v: object): boolean =>
  v instanceof Date || v instanceof RegExp || v instanceof BinaryView || '_bsontype' in v;

/**
 * One pipeline run in mingo, which works on query views (Long, Decimal128 and whole Doubles as JS
 * numbers, Binary as BinaryView), and the typed values behind those views. It hands mingo the
 * views (copies when the pipeline may edit them), lets the typed stages read a field's real BSON
 * value, and puts the BSON values back into mingo's output:
 * - an object mingo passes through unchanged is replaced by the typed document it stands for;
 * - a number where the typed counterpart holds a BSON number of that value takes that value back;
 * - any other number takes the type the input held at that path for that value, if only one.
 */
export class PipelineRun {
  /** Objects no stage may edit (stored views, typed stages' output) → the typed value they stand for. */
  private readonly sources: WeakMap<object, unknown>;
  /** Objects stages may have edited (copies, stage output) → typed values of their fields, as hints. */
  private readonly counterparts: WeakMap<object, unknown>;
  /** Output objects → exact typed values computed for some keys (typed arithmetic), by key. */
  private readonly computed: WeakMap<object, Map<string, unknown>>;
  /** Every typed document seen, for the by-path index (built on first need, shared with children). */
  private readonly seen: { inputs: { doc: unknown; view: unknown }[]; byPath?: Map<string, ByValue> };

  /** `copying`: the pipeline may change its input in place, so mingo gets copies. */
  constructor(
    readonly copying: boolean,
    parent?: PipelineRun,
  ) {
    this.sources = parent?.sources ?? new WeakMap();
    this.counterparts = parent?.counterparts ?? new WeakMap();
    this.computed = parent?.computed ?? new WeakMap();
    this.seen = parent?.seen ?? { inputs: [] };
  }

  /** A run for a sub-pipeline ($facet) sharing what this one knows. */
  child(copying: boolean): PipelineRun {
    return new PipelineRun(copying, this);
  }

  /** The views mingo runs over for these stored documents. */
  admit(stored: Iterable<StoredDocument>): Document[] {
    const views: Document[] = [];
    for (const s of stored) {
      this.note(s.doc, s.view);
      if (this.copying) views.push(this.copy(s.view, s.doc) as Document);
      else {
        this.sources.set(s.view, s.doc);
        views.push(s.view);
      }
    }
    return views;
  }

  /** Records a view a typed stage made ($group's output) and the typed document behind it. */
  register(view: Document, typed: Document): void {
    // A later stage of a copying run may edit the view: then it is only a hint.
    (this.copying ? this.counterparts : this.sources).set(view, typed);
    this.note(typed, view);
  }

  /**
   * Notes what a stage's output object `out`, made from `input`, holds: the input's fields where
   * they were carried over, the typed value of `fields` (output key → input field path) and
   * `computed` typed values (output key → value).
   */
  derive(out: object, input: object, fields: [string, string][], computed: [string, unknown][] = []): void {
    const base = this.sources.get(input) ?? this.counterparts.get(input);
    const hint: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
    for (const [key, path] of fields) hint[key] = this.valueAt(input, path);
    for (const [key, value] of computed) hint[key] = value;
    this.counterparts.set(out, hint);
    if (computed.length > 0) this.computed.set(out, new Map(computed));
  }

  /** A deep copy of a view that remembers, object by object, the typed value behind it. */
  copy(view: unknown, typed: unknown = undefined): unknown {
    if (view === null || typeof view !== 'object' || isBsonValue(view)) return view;
    const source = typed ?? this.sources.get(view) ?? this.counterparts.get(view);
    let out: unknown;
    if (Array.isArray(view)) {
      out = view.map((x, i) => this.copy(x, Array.isArray(source) ? source[i] : undefined));
    } else {
      const o: Record<string, unknown> = {};
      const src = isPlainObject(source) ? source : undefined;
      for (const k in view) o[k] = this.copy((view as Record<string, unknown>)[k], src?.[k]);
      out = o;
    }
    if (source !== undefined) this.counterparts.set(out as object, source);
    return out;
  }

  /** The typed value at a field path of a document mingo holds (undefined when missing). */
  valueAt(doc: unknown, path: string): unknown {
    if (path === '') return this.restore(doc, '', undefined);
    return this.restore(
      resolve(doc as Document, path),
      path,
      this.hintAt(doc, path.split('.'), 0, undefined),
    );
  }

  restoreAll(out: Document[]): Document[] {
    return out.map((doc) => this.restore(doc, '', undefined) as Document);
  }

  /** The typed form of a value mingo produced at `path`; `hint` is its typed counterpart if known. */
  restore(v: unknown, path: string, hint: unknown): unknown {
    if (typeof v === 'number') return this.typedNumber(v, path, hint);
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof BinaryView) return v.binary;
    if (isBsonValue(v)) return v;
    const whole = this.sources.get(v);
    if (whole !== undefined) return whole; // never edited: still what it stood for
    const h = this.counterparts.get(v) ?? hint;
    if (Array.isArray(v)) return v.map((x, i) => this.restore(x, path, Array.isArray(h) ? h[i] : undefined));
    const out: Record<string, unknown> = {};
    const src = isPlainObject(h) ? h : undefined;
    const exact = this.computed.get(v);
    for (const k in v) {
      const value = (v as Record<string, unknown>)[k];
      const typed = exact?.get(k);
      // mingo computed the double nearest to it; the typed value is the exact one (Long, Decimal128).
      out[k] =
        typed !== undefined && typeof value === 'number' && nearlyEqual(numericValue(typed), value)
          ? typed
          : this.restore(value, path === '' ? k : `${path}.${k}`, src?.[k]);
    }
    return out;
  }

  /** The typed value behind the view value at `parts` (array elements only by index). */
  private hintAt(node: unknown, parts: string[], i: number, hint: unknown): unknown {
    if (node === null || typeof node !== 'object') return i === parts.length ? hint : undefined;
    const h = this.sources.get(node) ?? this.counterparts.get(node) ?? hint;
    if (i === parts.length) return h;
    const part = parts[i];
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) return undefined;
      return this.hintAt(node[Number(part)], parts, i + 1, Array.isArray(h) ? h[Number(part)] : undefined);
    }
    const src = isPlainObject(h) ? h : undefined;
    return this.hintAt((node as Record<string, unknown>)[part], parts, i + 1, src?.[part]);
  }

  private typedNumber(n: number, path: string, hint: unknown): unknown {
    if (hint !== undefined && hint !== null && (hint === n || toQueryView(hint) === n)) return hint;
    this.seen.byPath ??= this.indexInputs();
    const original = this.seen.byPath.get(path)?.get(n);
    return original === undefined || original === AMBIGUOUS ? n : original;
  }

  private note(doc: unknown, view: unknown): void {
    this.seen.inputs.push({ doc, view });
    if (this.seen.byPath) this.visit(this.seen.byPath, doc, view, '');
  }

  /** Each path's BSON numbers by value; a value also seen there as another type is ambiguous. */
  private indexInputs(): Map<string, ByValue> {
    const byPath = new Map<string, ByValue>();
    for (const { doc, view } of this.seen.inputs) this.visit(byPath, doc, view, '');
    return byPath;
  }

  private visit(byPath: Map<string, ByValue>, v: unknown, view: unknown, path: string): void {
    if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof RegExp) {
      if (typeof v === 'number') noteNumber(byPath, path, v, v);
      return;
    }
    if ((v as { _bsontype?: string })._bsontype !== undefined) {
      if (typeof view === 'number') noteNumber(byPath, path, view, v);
      return;
    }
    const viewObj = (view ?? {}) as Record<string | number, unknown>;
    if (Array.isArray(v)) v.forEach((x, i) => this.visit(byPath, x, viewObj[i], path));
    else
      for (const k in v)
        this.visit(byPath, (v as Record<string, unknown>)[k], viewObj[k], path === '' ? k : `${path}.${k}`);
  }
}

const nearlyEqual = (a: number | undefined, b: number): boolean =>
  a !== undefined &&
  (a === b || (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

function noteNumber(byPath: Map<string, ByValue>, path: string, n: number, value: unknown): void {
  let values = byPath.get(path);
  if (!values) byPath.set(path, (values = new Map()));
  const seen = values.get(n);
  if (seen === undefined) values.set(n, value);
  else if (seen !== AMBIGUOUS && seen !== value && !sameType(seen, value)) values.set(n, AMBIGUOUS);
}

const typeOf = (v: unknown) => (typeof v === 'number' ? 'number' : (v as { _bsontype?: string })._bsontype);
const sameType = (a: unknown, b: unknown) => typeOf(a) === typeOf(b) && String(a) === String(b);
