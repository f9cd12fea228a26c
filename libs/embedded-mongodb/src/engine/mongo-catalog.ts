import type { Document } from 'bson';
import { idKey } from '../bson/bson-value.js';
import { canonicalNumbers } from '../bson/wire-promotion.js';
import { MongoCommandError } from '../command-error.js';
import type { Change } from '../storage/mongo-storage.js';
import { Collection } from './collection.js';
import type { IndexSpec } from './collection-index.js';

/**
 * Every database and collection in memory. Each mutation applies to memory and records its
 * post-image change in `changes`, which the caller hands to storage in the same tick.
 */
export class MongoCatalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();

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
    changes.push({ t: 'createCollection', db, coll, options });
    return created;
  }

  drop(db: string, coll: string, changes: Change[]): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(coll)) return false;
    if (colls.size === 0) this.dbs.delete(db);
    changes.push({ t: 'dropCollection', db, coll });
    return true;
  }

  dropDatabase(db: string, changes: Change[]): void {
    if (this.dbs.delete(db)) changes.push({ t: 'dropDatabase', db });
  }

  put(coll: Collection, doc: Document, changes: Change[]): void {
    coll.put(doc);
    changes.push({ t: 'put', db: coll.db, coll: coll.name, doc });
  }

  delete(coll: Collection, id: string, changes: Change[]): void {
    const stored = coll.docs.get(id);
    if (stored && coll.delete(id))
      changes.push({ t: 'del', db: coll.db, coll: coll.name, id: stored.doc._id });
  }

  createIndex(coll: Collection, spec: IndexSpec, changes: Change[]): void {
    coll.createIndex(spec);
    changes.push({ t: 'createIndex', db: coll.db, coll: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string, changes: Change[]): void {
    if (coll.indexes.delete(name)) changes.push({ t: 'dropIndex', db: coll.db, coll: coll.name, name });
  }

  /** Replays one logged change (recovery); the log only holds changes that succeeded. */
  apply(logged: Change): void {
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
