import { EJSON, type Document } from 'bson';
import type { Change } from './mongo-storage.js';

/** A tiny stand-in for the server's state, for storage tests: apply and dump over Maps. */
export class MapState {
  readonly collections = new Map<string, Document>();
  readonly indexes = new Map<string, Document>();
  readonly docs = new Map<string, Document>();

  readonly apply = (change: Change): void => {
    const ns = `${change.db}.${'coll' in change ? change.coll : ''}`;
    switch (change.t) {
      case 'put':
        this.docs.set(`${ns}/${idKey(change.doc._id)}`, change.doc);
        return;
      case 'del':
        this.docs.delete(`${ns}/${idKey(change.id)}`);
        return;
      case 'createCollection':
        this.collections.set(ns, change.options);
        return;
      case 'dropCollection':
        this.dropPrefix(`${ns}/`, `${ns}#`);
        this.collections.delete(ns);
        return;
      case 'collMod':
        if (this.collections.has(ns)) this.collections.set(ns, change.options);
        return;
      case 'createIndex':
        this.indexes.set(`${ns}#${String(change.spec.name)}`, change.spec);
        return;
      case 'dropIndex':
        this.indexes.delete(`${ns}#${change.name}`);
        return;
      case 'dropDatabase':
        this.dropPrefix(`${change.db}.`, `${change.db}.`);
        for (const key of this.collections.keys())
          if (key.startsWith(`${change.db}.`)) this.collections.delete(key);
        return;
      default: {
        const unknown: never = change;
        throw new Error(`unknown change ${JSON.stringify(unknown)}`);
      }
    }
  };

  readonly dump = (): Iterable<Change> => this.changes();

  private *changes(): Generator<Change> {
    for (const [ns, options] of this.collections) yield { t: 'createCollection', ...split(ns), options };
    for (const [key, spec] of this.indexes) yield { t: 'createIndex', ...split(key.split('#')[0]), spec };
    for (const [key, doc] of this.docs) yield { t: 'put', ...split(key.split('/')[0]), doc };
  }

  private dropPrefix(docPrefix: string, indexPrefix: string): void {
    for (const key of this.docs.keys()) if (key.startsWith(docPrefix)) this.docs.delete(key);
    for (const key of this.indexes.keys()) if (key.startsWith(indexPrefix)) this.indexes.delete(key);
  }
}

export function idKey(id: unknown): string {
  return EJSON.stringify({ id }, { relaxed: false });
}

function split(ns: string): { db: string; coll: string } {
  const dot = ns.indexOf('.');
  return { db: ns.slice(0, dot), coll: ns.slice(dot + 1) };
}
