import { Long, type Document } from 'bson';
import { valuesEqual } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';
import type { IndexSpec } from '../engine/collection-index.js';
import { compileQuery } from '../engine/mingo-query.js';
import { parseCollation, sameCollation, type CollationSpec } from '../engine/collation.js';
import { assertNotView, isView } from '../engine/views.js';
import type { CommandHandler } from './command-context.js';

const indexName = (key: Document): string =>
  Object.entries(key)
    .map(([f, d]) => `${f}_${String(d)}`)
    .join('_');

const createIndexes: CommandHandler = (ctx) => {
  const name = String(ctx.body.createIndexes);
  const specs = ctx.body.indexes;
  if (!Array.isArray(specs) || specs.length === 0)
    throw new MongoCommandError('BadValue', 'Must specify at least one index to create');
  const created = ctx.catalog.get(ctx.db, name) === undefined;
  assertNotView(ctx.catalog.get(ctx.db, name));
  const coll = ctx.catalog.ensure(ctx.db, name, ctx.changes);
  const before = coll.indexes.size + 1;
  for (const raw of specs as Document[]) {
    const key = raw.key as Document | undefined;
    if (!key || typeof key !== 'object' || Object.keys(key).length === 0)
      throw new MongoCommandError('BadValue', 'Index key pattern must be a non-empty object');
    const spec: IndexSpec = {
      ...raw,
      v: 2,
      key,
      name: typeof raw.name === 'string' ? raw.name : indexName(key),
    };
    // Without a collation of its own an index takes the collection's default one.
    const collation =
      raw.collation === undefined
        ? (coll.options.collation as CollationSpec | undefined)
        : parseCollation(raw.collation);
    if (collation) spec.collation = collation;
    else delete spec.collation;
    const existing = spec.name === '_id_' ? coll.indexSpecs()[0] : coll.indexes.get(spec.name)?.spec;
    if (existing) {
      if (!valuesEqual(existing.key, key))
        throw new MongoCommandError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(raw)}`,
        );
      if (Boolean(existing.unique) !== Boolean(spec.unique) && spec.name !== '_id_')
        throw new MongoCommandError(
          'IndexOptionsConflict',
          `An equivalent index already exists with a different name or options: ${spec.name}`,
        );
      continue;
    }
    // The same key under another collation is another index, as in MongoDB.
    const sameKey = [...coll.indexes.values()].find(
      (i) => valuesEqual(i.spec.key, key) && sameCollation(i.collation, collation),
    );
    if (sameKey)
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `Index already exists with a different name: ${sameKey.name}`,
      );
    ctx.catalog.createIndex(coll, spec, ctx.changes);
  }
  const reply: Document = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size + 1,
    createdCollectionAutomatically: created,
    ok: 1,
  };
  if (reply.numIndexesBefore === reply.numIndexesAfter) reply.note = 'all indexes already exist';
  return reply;
};

const listIndexes: CommandHandler = (ctx) => {
  const name = String(ctx.body.listIndexes);
  const coll = ctx.catalog.get(ctx.db, name);
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const ns = `${ctx.db}.${name}`;
  const { batch, id } = ctx.cursors.open(
    ns,
    coll.indexSpecs(),
    (ctx.body.cursor as Document | undefined)?.batchSize as number | undefined,
  );
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

const dropIndexes: CommandHandler = (ctx) => {
  const name = String(ctx.body.dropIndexes);
  const coll = ctx.catalog.get(ctx.db, name);
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.size + 1;
  const target = ctx.body.index;
  const names = target === '*' ? [...coll.indexes.keys()] : Array.isArray(target) ? target.map(String) : [];
  if (typeof target === 'string' && target !== '*') names.push(target);
  if (target && typeof target === 'object' && !Array.isArray(target)) {
    const byKey = [...coll.indexes.values()].find((i) => valuesEqual(i.spec.key, target));
    if (!byKey)
      throw new MongoCommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
    names.push(byKey.name);
  }
  for (const n of names) {
    if (n === '_id_') throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
    if (!coll.indexes.has(n))
      throw new MongoCommandError('IndexNotFound', `index not found with name [${n}]`);
  }
  for (const n of names) ctx.catalog.dropIndex(coll, n, ctx.changes);
  return { nIndexesWas, ok: 1 };
};

const drop: CommandHandler = (ctx) => {
  const name = String(ctx.body.drop);
  const coll = ctx.catalog.get(ctx.db, name);
  if (!coll) return { ok: 1 }; // MongoDB 7 answers a drop of a missing collection with ok
  const nIndexesWas = coll.indexes.size + 1;
  ctx.catalog.drop(ctx.db, name, ctx.changes);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

const listCollections: CommandHandler = (ctx) => {
  const nameOnly = ctx.body.nameOnly === true;
  let entries: Document[] = ctx.catalog.collections(ctx.db).map((c) => {
    const type = isView(c) ? 'view' : 'collection';
    if (nameOnly) return { name: c.name, type };
    if (type === 'view') return { name: c.name, type, options: c.options, info: { readOnly: true } };
    return {
      name: c.name,
      type,
      options: c.options,
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    };
  });
  const filter = ctx.body.filter as Document | undefined;
  if (filter && Object.keys(filter).length > 0) entries = entries.filter((e) => compileQuery(filter).test(e));
  const ns = `${ctx.db}.$cmd.listCollections`;
  const { batch, id } = ctx.cursors.open(
    ns,
    entries,
    (ctx.body.cursor as Document | undefined)?.batchSize as number | undefined,
  );
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

const listDatabases: CommandHandler = (ctx) => {
  const databases = ctx.catalog
    .databases()
    .map((name) => ({ name, sizeOnDisk: Long.fromNumber(0), empty: false }));
  const filtered = ctx.body.filter
    ? databases.filter((d) => compileQuery(ctx.body.filter as Document).test(d))
    : databases;
  if (ctx.body.nameOnly === true) return { databases: filtered.map((d) => ({ name: d.name })), ok: 1 };
  return { databases: filtered, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

const dropDatabase: CommandHandler = (ctx) => {
  ctx.catalog.dropDatabase(ctx.db, ctx.changes);
  return { dropped: ctx.db, ok: 1 };
};

export const catalogCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  drop,
  listCollections,
  listDatabases,
  dropDatabase,
};
