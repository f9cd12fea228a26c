import type { Document } from 'bson';
import { BinaryView } from '../bson/query-view.normaliser.js';
import type { StoredDocument } from './collection.js';

const AMBIGUOUS = Symbol('ambiguous');
type ByValue = Map<number, unknown>;

/**
 * mingo runs a pipeline over query views, where Long, Decimal128 and whole Doubles are JS numbers.
 * This puts the stored BSON values back into its output: an input document that comes out
 * unchanged ($sort, $limit, $skip, $lookup) is replaced by the stored one, and a number that
 * comes out at the path where the input held a BSON number of that value ($project, $unwind,
 * $addFields) gets that value back. Computed numbers ($sum, $add) stay plain.
 */
export class AggregateOutputRestorer {
  private readonly byView = new Map<object, Document>();
  private byPath: Map<string, ByValue> | undefined;

  constructor(private readonly input: StoredDocument[]) {
    for (const s of input) this.byView.set(s.view, s.doc);
  }

  /** Documents another collection contributes ($lookup), known by their views too. */
  add(stored: Iterable<StoredDocument>): void {
    for (const s of stored) {
      this.byView.set(s.view, s.doc);
      this.input.push(s);
    }
  }

  restore(out: Document[]): Document[] {
    return out.map((doc) => this.value(doc, '') as Document);
  }

  private value(v: unknown, path: string): unknown {
    if (typeof v === 'number') return this.typedNumber(v, path);
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof BinaryView) return v.binary;
    const stored = this.byView.get(v);
    if (stored) return stored;
    if (v instanceof Date || v instanceof RegExp || (v as { _bsontype?: string })._bsontype) return v;
    if (Array.isArray(v)) return v.map((x) => this.value(x, path));
    const out: Record<string, unknown> = {};
    for (const k in v)
      out[k] = this.value((v as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
    return out;
  }

  private typedNumber(n: number, path: string): unknown {
    this.byPath ??= this.indexInput();
    const original = this.byPath.get(path)?.get(n);
    return original === undefined || original === AMBIGUOUS ? n : original;
  }

  /** Each path's BSON numbers by value; a value also seen there as another type is ambiguous. */
  private indexInput(): Map<string, ByValue> {
    const byPath = new Map<string, ByValue>();
    const visit = (v: unknown, view: unknown, path: string) => {
      if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof RegExp) {
        if (typeof v === 'number') note(path, v, v);
        return;
      }
      const t = (v as { _bsontype?: string })._bsontype;
      if (t !== undefined) {
        if (typeof view === 'number') note(path, view, v);
        return;
      }
      const viewObj = (view ?? {}) as Record<string | number, unknown>;
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, viewObj[i], path));
      else
        for (const k in v)
          visit((v as Record<string, unknown>)[k], viewObj[k], path === '' ? k : `${path}.${k}`);
    };
    const note = (path: string, n: number, value: unknown) => {
      let values = byPath.get(path);
      if (!values) byPath.set(path, (values = new Map()));
      const seen = values.get(n);
      if (seen === undefined) values.set(n, value);
      else if (seen !== AMBIGUOUS && seen !== value && !sameType(seen, value)) values.set(n, AMBIGUOUS);
    };
    for (const s of this.input) visit(s.doc, s.view, '');
    return byPath;
  }
}

const typeOf = (v: unknown) => (typeof v === 'number' ? 'number' : (v as { _bsontype?: string })._bsontype);
const sameType = (a: unknown, b: unknown) => typeOf(a) === typeOf(b) && String(a) === String(b);
