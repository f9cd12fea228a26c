import type { Document } from 'bson';
import type { Query } from 'mingo/query';
import { EMPTY_ARRAY_KEY, compareValues, indexKey } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { collationKeyOf, collatorFor, type CollationSpec } from './collation.js';
import { getIndexValues } from './document-path.js';
import { compileQuery } from './mingo-query.js';
import { SortedEntries } from './sorted-entries.js';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

export interface RangeBounds {
  lower?: { value: unknown; inclusive: boolean };
  upper?: { value: unknown; inclusive: boolean };
}

/**
 * True when the path reaches the very same immutable value in both documents without passing
 * an array (an array's elements may differ even when the path's own value does not).
 */
function sameLeaf(before: unknown, after: unknown, path: string): boolean {
  let a = before;
  let b = after;
  for (const part of path.includes('.') ? path.split('.') : [path]) {
    if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return a === b;
    if (Array.isArray(a) || Array.isArray(b)) return false;
    a = (a as Record<string, unknown>)[part];
    b = (b as Record<string, unknown>)[part];
  }
  if (a !== b) return false;
  return a === null || typeof a !== 'object' || (a as { _bsontype?: string })._bsontype !== undefined;
}

interface StoredView {
  doc: Document;
  view: Document;
}

interface SortedEntry {
  value: unknown;
  id: string;
}

/**
 * A secondary index: a map from the leading field's key to document ids (equality and `$in`),
 * a sorted array of the leading field's values (ranges), and for unique indexes a map of full
 * compound keys (constraint checks).
 */
export class CollectionIndex {
  readonly fields: string[];
  /** One id as a plain string (most values are held by one document), a Set once shared. */
  private readonly byLeading = new Map<string, string | Set<string>>();
  /** The index's collation: strings are ordered and matched by it. */
  readonly collation: CollationSpec | undefined;
  private readonly collator: Intl.Collator | undefined;
  private readonly sorted: SortedEntries<SortedEntry>;
  private readonly byFullKey = new Map<string, string>();
  private readonly partial?: Query;
  /** Set once a document has several values for the leading field (an array): sorts then need the documents. */
  multikey = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.collation = spec.collation as CollationSpec | undefined;
    this.collator = collatorFor(this.collation);
    const collator = this.collator;
    this.sorted = new SortedEntries<SortedEntry>(
      (a, b) => compareValues(a.value, b.value, collator) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    if (spec.partialFilterExpression) this.partial = compileQuery(toQueryView(spec.partialFilterExpression));
  }

  get name(): string {
    return this.spec.name;
  }

  /** A value's key in the maps: a string's collation key when the index has a collation. */
  private keyOf(v: unknown): string {
    if (this.collation && typeof v === 'string') return indexKey(collationKeyOf(v, this.collation));
    return indexKey(v ?? null);
  }

  get leadingField(): string {
    return this.fields[0];
  }

  /** Entries in the order of the leading field; only meaningful for a sort when not multikey. */
  ordered(direction: 1 | -1): Generator<{ readonly value: unknown; readonly id: string }> {
    return this.sorted.all(direction === -1);
  }

  /** Compares two leading-field values as this index orders them (its collation included). */
  compareLeading(a: unknown, b: unknown): number {
    return compareValues(a, b, this.collator);
  }

  /** How many documents `lookup(values)` would find, without gathering them. */
  countEqual(values: unknown[]): number {
    if (this.collator || values.length !== 1) return this.lookup(values).ids.size;
    const found = this.byLeading.get(this.keyOf(values[0]));
    return found === undefined ? 0 : typeof found === 'string' ? 1 : found.size;
  }

  get isPartial(): boolean {
    return this.partial !== undefined || this.spec.sparse === true;
  }

  /** The document's entries in this index, or undefined when the index leaves it out. */
  private entriesOf(
    doc: Document,
    view: Document,
  ): { perField: unknown[][]; fullKeys: string[] } | undefined {
    if (this.partial && !this.partial.test(view)) return undefined;
    const perField = this.fields.map((f) => getIndexValues(doc, f));
    if (this.spec.sparse && perField.every((vs) => vs.every((v) => v === undefined))) return undefined;
    let fullKeys = [''];
    for (const values of perField) {
      const keys = [...new Set(values.map((v) => this.keyOf(v)))];
      fullKeys = fullKeys.flatMap((prefix) => keys.map((k) => prefix + '|' + k));
    }
    return { perField, fullKeys };
  }

  /** The field values of the first duplicate `doc` would create, for the E11000 message. */
  findDuplicate(doc: Document, view: Document, selfId?: string): Document | undefined {
    if (!this.spec.unique) return undefined;
    const entries = this.entriesOf(doc, view);
    if (!entries) return undefined;
    for (const key of entries.fullKeys) {
      const holder = this.byFullKey.get(key);
      if (holder !== undefined && holder !== selfId) {
        const keyValue: Document = {};
        this.fields.forEach((f, i) => {
          const v = entries.perField[i][0];
          keyValue[f] = v === EMPTY_ARRAY_KEY ? [] : (v ?? null);
        });
        return keyValue;
      }
    }
    return undefined;
  }

  add(id: string, doc: Document, view: Document): void {
    const entries = this.entriesOf(doc, view);
    if (!entries) return;
    if (entries.perField[0].length > 1) this.multikey = true;
    for (const value of new Set(entries.perField[0])) {
      const key = this.keyOf(value);
      const ids = this.byLeading.get(key);
      if (ids === undefined) this.byLeading.set(key, id);
      else if (ids === id || (typeof ids !== 'string' && ids.has(id))) continue;
      else if (typeof ids === 'string') this.byLeading.set(key, new Set([ids, id]));
      else ids.add(id);
      this.sorted.insert({ value: value ?? null, id });
    }
    if (this.spec.unique) for (const k of entries.fullKeys) this.byFullKey.set(k, id);
  }

  /**
   * True when `after` certainly has the same entries as `before`: every indexed field holds the
   * very same value (updates copy documents but share unchanged values). Cheap, no keys built.
   */
  sameEntries(before: Document, after: Document): boolean {
    if (this.partial) return false;
    for (const f of this.fields) if (!sameLeaf(before, after, f)) return false;
    return true;
  }

  /** Moves a document's entries only when its indexed values changed; most updates leave them alone. */
  replace(id: string, before: StoredView, after: StoredView): void {
    if (this.sameEntries(before.doc, after.doc)) return;
    const a = this.entriesOf(before.doc, before.view);
    const b = this.entriesOf(after.doc, after.view);
    if (a && b && a.fullKeys.length === b.fullKeys.length && a.fullKeys.every((k, i) => k === b.fullKeys[i]))
      return;
    this.remove(id, before.doc, before.view);
    this.add(id, after.doc, after.view);
  }

  remove(id: string, doc: Document, view: Document): void {
    const entries = this.entriesOf(doc, view);
    if (!entries) return;
    for (const value of new Set(entries.perField[0])) {
      const key = this.keyOf(value);
      const ids = this.byLeading.get(key);
      if (ids === id) this.byLeading.delete(key);
      else if (ids === undefined || typeof ids === 'string' || !ids.delete(id)) continue;
      else if (ids.size === 1) this.byLeading.set(key, ids.values().next().value!);
      this.sorted.remove({ value: value ?? null, id });
    }
    if (this.spec.unique)
      for (const k of entries.fullKeys) if (this.byFullKey.get(k) === id) this.byFullKey.delete(k);
  }

  /** Ids whose leading field equals one of `values`. */
  lookup(values: unknown[]): { ids: Set<string>; keysExamined: number } {
    const ids = new Set<string>();
    let keysExamined = 0;
    for (const v of values) {
      if (this.collator && typeof v === 'string') {
        // Equal under the collation is a range of the collator's order, exactly.
        const found = this.range({
          lower: { value: v, inclusive: true },
          upper: { value: v, inclusive: true },
        });
        for (const id of found.ids) ids.add(id);
        keysExamined += found.keysExamined;
        continue;
      }
      const found = this.byLeading.get(this.keyOf(v));
      for (const id of typeof found === 'string' ? [found] : (found ?? [])) {
        ids.add(id);
        keysExamined++;
      }
    }
    return { ids, keysExamined };
  }

  /** Ids whose leading field lies in the bounds (a superset is fine: the query re-checks). */
  range(requested: RangeBounds): { ids: Set<string>; keysExamined: number } {
    // On arrays each bound may be met by a different element, so a multikey index cannot intersect them.
    const bounds =
      this.multikey && requested.lower && requested.upper ? { lower: requested.lower } : requested;
    const lower = bounds.lower;
    const before = lower
      ? (e: SortedEntry) => {
          const c = compareValues(e.value, lower.value, this.collator);
          return c < 0 || (c === 0 && !lower.inclusive);
        }
      : () => false;
    const ids = new Set<string>();
    let keysExamined = 0;
    for (const e of this.sorted.from(before)) {
      keysExamined++;
      if (bounds.upper) {
        const c = compareValues(e.value, bounds.upper.value, this.collator);
        if (c > 0 || (c === 0 && !bounds.upper.inclusive)) break;
      }
      ids.add(e.id);
    }
    return { ids, keysExamined };
  }
}
