import type { Document } from 'bson';
import { idKey } from '../bson/bson-value.js';
import { canonicalNumbers } from '../bson/wire-promotion.js';
import { MongoCommandError } from '../command-error.js';
import type { Change } from '../storage/mongo-storage.js';
import { Collection } from './collection.js';
import type { IndexSpec } from './collection-index.js';

/** Puts memory back as it was before one mutation (a batch whose log write failed). */
export type UndoStep = () => void;

/**
 * Every database and collection in memory. Each mutation applies to memory and records its
 * post-image change in `changes`, which the caller hands to storage in the same tick, and how
 * to undo it, so a batch that never became durable can be taken out of memory again.
 */
export class MongoCatalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private undo: UndoStep[] = [];

  /** The undo steps of the mutations since the last call, oldest first. */
  takeUndo(): UndoStep[] {
    const steps = this.undo;
    this.undo = [];
    return steps;
  }

  databases(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  get(db: string, coll: string): Collection | undefined {
    return this.dbs.get(db)?.get(coll);
  }

  /** The collection, created implicitly (as MongoDB does on first write) when missing. */
  ensure(db: string, coll: string, changes: Change[]): Collection {
    return this.get(db, coll) ?? this.create(db, coll, {}, changes);
  }

  create(db: string, coll: string, options: Document, changes: Change[]): Collection {
    if (!/^[^$\0]+$/.test(coll) || coll.startsWith('system.')) {
      throw new MongoCommandError('InvalidNamespace', `Invalid collection name: ${coll}`);
    }
    if (!/^[^/\\. "$*<>:|?\0]{1,63}$/.test(db)) {
      throw new MongoCommandError('InvalidNamespace', `Invalid database name: '${db}'`);
    }
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const created = new Collection(db, coll, options);
    colls.set(coll, created);
    this.undo.push(() => this.detach(db, coll, created));
    changes.push({ t: 'createCollection', db, coll, options });
    return created;
  }

  drop(db: string, coll: string, changes: Change[]): boolean {
    const dropped = this.dbs.get(db)?.get(coll);
    if (!dropped) return false;
    this.detach(db, coll, dropped);
    this.undo.push(() => this.attach(dropped));
    changes.push({ t: 'dropCollection', db, coll });
    return true;
  }

  /** Replaces a collection's options (`collMod`: validator, validation level and action, view). */
  setOptions(coll: Collection, options: Document, changes: Change[]): void {
    const before = coll.options;
    coll.options = options;
    this.undo.push(() => (coll.options = before));
    changes.push({ t: 'collMod', db: coll.db, coll: coll.name, options });
  }

  dropDatabase(db: string, changes: Change[]): void {
    const colls = this.dbs.get(db);
    if (!colls) return;
    this.dbs.delete(db);
    this.undo.push(() => this.dbs.set(db, colls));
    changes.push({ t: 'dropDatabase', db });
  }

  put(coll: Collection, doc: Document, changes: Change[]): void {
    const before = coll.get(doc._id)?.doc;
    coll.put(doc);
    this.undo.push(() => (before ? coll.put(before) : coll.delete(idKey(doc._id))));
    changes.push({ t: 'put', db: coll.db, coll: coll.name, doc });
  }

  delete(coll: Collection, id: string, changes: Change[]): void {
    const stored = coll.docs.get(id);
    if (!stored || !coll.delete(id)) return;
    this.undo.push(() => coll.put(stored.doc));
    changes.push({ t: 'del', db: coll.db, coll: coll.name, id: stored.doc._id });
  }

  createIndex(coll: Collection, spec: IndexSpec, changes: Change[]): void {
    coll.createIndex(spec);
    this.undo.push(() => coll.indexes.delete(spec.name));
    changes.push({ t: 'createIndex', db: coll.db, coll: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string, changes: Change[]): void {
    const index = coll.indexes.get(name);
    if (!index) return;
    coll.indexes.delete(name);
    this.undo.push(() => coll.indexes.set(name, index));
    changes.push({ t: 'dropIndex', db: coll.db, coll: coll.name, name });
  }

  private detach(db: string, name: string, coll: Collection): void {
    const colls = this.dbs.get(db);
    if (colls?.get(name) !== coll) return;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
  }

  private attach(coll: Collection): void {
    let colls = this.dbs.get(coll.db);
    if (!colls) this.dbs.set(coll.db, (colls = new Map()));
    colls.set(coll.name, coll);
  }

  /** Replays one logged change (recovery); the log only holds changes that succeeded. */
  apply(logged: Change): void {
    try {
      this.replay(logged);
    } finally {
      this.undo = []; // replayed changes are durable already: nothing to undo
    }
  }

  private replay(logged: Change): void {
    const sink: Change[] = [];
    const change = canonicalNumbers(logged);
    switch (change.t) {
      case 'put':
        this.ensure(change.db, change.coll, sink).put(change.doc);
        return;
      case 'del':
        this.get(change.db, change.coll)?.delete(idKey(change.id));
        return;
      case 'createCollection':
        if (!this.get(change.db, change.coll)) this.create(change.db, change.coll, change.options, sink);
        return;
      case 'dropCollection':
        this.drop(change.db, change.coll, sink);
        return;
      case 'collMod': {
        const coll = this.get(change.db, change.coll);
        if (coll) coll.options = change.options;
        return;
      }
      case 'createIndex':
        this.ensure(change.db, change.coll, sink).createIndex(change.spec as IndexSpec);
        return;
      case 'dropIndex':
        this.get(change.db, change.coll)?.indexes.delete(change.name);
        return;
      case 'dropDatabase':
        this.dbs.delete(change.db);
        return;
      default: {
        const never: never = change;
        throw new Error(`unknown change ${JSON.stringify(never)}`);
      }
    }
  }

  /** The whole state as changes, for a snapshot. */
  *dump(): Iterable<Change> {
    for (const [db, colls] of this.dbs) {
      for (const coll of colls.values()) {
        yield { t: 'createCollection', db, coll: coll.name, options: coll.options };
        for (const index of coll.indexes.values())
          yield { t: 'createIndex', db, coll: coll.name, spec: index.spec };
        for (const stored of coll.docs.values()) yield { t: 'put', db, coll: coll.name, doc: stored.doc };
      }
    }
  }
}
