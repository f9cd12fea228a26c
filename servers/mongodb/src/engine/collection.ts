import type { Document } from 'bson';
import { idKey } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { describeValue } from '../bson/value-description.js';
import { MongoCommandError } from '../command-error.js';
import { CollectionIndex, type IndexSpec } from './collection-index.js';
import type { StoredDocument } from './stored-document.js';

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** One collection in memory: documents by `_id` key, in insertion order, plus secondary indexes. */
export class Collection {
  readonly docs = new Map<string, StoredDocument>();
  readonly indexes = new Map<string, CollectionIndex>();

  constructor(
    readonly db: string,
    readonly name: string,
    /** Replaced whole (never edited in place) by `collMod`. */
    public options: Document = {},
  ) {}

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  get(id: unknown): StoredDocument | undefined {
    return this.docs.get(idKey(id));
  }

  /**
   * Throws E11000 if `doc` would duplicate a unique key (ignoring the document `selfId` itself,
   * whose current version `before` is, when given, to skip indexes whose fields did not change).
   */
  assertUnique(doc: Document, selfId?: string, before?: Document): void {
    const id = idKey(doc._id);
    if (id !== selfId && this.docs.has(id)) throw this.duplicate(ID_INDEX_SPEC, { _id: doc._id });
    let view: Document | undefined;
    for (const index of this.indexes.values()) {
      if (!index.spec.unique || (before && index.sameEntries(before, doc))) continue;
      view ??= toQueryView(doc);
      const keyValue = index.findDuplicate(doc, view, selfId);
      if (keyValue) throw this.duplicate(index.spec, keyValue);
    }
  }

  duplicate(spec: IndexSpec, keyValue: Document): MongoCommandError {
    return new MongoCommandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.namespace} index: ${spec.name} dup key: ${describeValue(keyValue)}`,
      { keyPattern: spec.key, keyValue },
    );
  }

  /** Puts a document (insert or replace by `_id`); callers have checked uniqueness. */
  put(doc: Document): StoredDocument {
    const id = idKey(doc._id);
    const old = this.docs.get(id);
    const stored: StoredDocument = { id, doc, view: toQueryView(doc) };
    this.docs.set(id, stored);
    for (const index of this.indexes.values()) {
      if (old) index.replace(id, old, stored);
      else index.add(id, doc, stored.view);
    }
    return stored;
  }

  delete(id: string): boolean {
    const old = this.docs.get(id);
    if (!old) return false;
    for (const index of this.indexes.values()) index.remove(id, old.doc, old.view);
    this.docs.delete(id);
    return true;
  }

  /** Builds an index over the current documents; a unique index over duplicates fails with E11000. */
  createIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec);
    for (const stored of this.docs.values()) {
      const keyValue = index.findDuplicate(stored.doc, stored.view);
      if (keyValue) throw this.duplicate(spec, keyValue);
      index.add(stored.id, stored.doc, stored.view);
    }
    this.indexes.set(spec.name, index);
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((i) => i.spec)];
  }
}
