import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.js';
import { projectDocuments } from '../engine/find-projection.js';
import {
  findForWrite,
  insertDocument,
  updateDocuments,
  type UpdateSpec,
} from '../engine/write-operations.js';
import { withCollation } from '../engine/query-scope.js';
import { assertNotView } from '../engine/views.js';
import type { CommandContext, CommandHandler } from './command-context.js';

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

/** The collection a write names; a view takes no writes (166). */
const collectionName = (ctx: CommandContext, command: string): string => {
  const name = ctx.body[command];
  if (typeof name !== 'string' || name === '') {
    throw new MongoCommandError('InvalidNamespace', `collection name has invalid type ${typeof name}`);
  }
  assertNotView(ctx.catalog.get(ctx.db, name));
  return name;
};

const statements = (ctx: CommandContext, field: string): Document[] => {
  const items = ctx.body[field];
  if (!Array.isArray(items))
    throw new MongoCommandError('FailedToParse', `BSON field '${field}' is missing but a required field`);
  return items as Document[];
};

/** Runs each statement; an error becomes a writeError, and an ordered batch stops at the first. */
function runBatch<T>(ctx: CommandContext, items: T[], run: (item: T, index: number) => void): WriteError[] {
  const ordered = ctx.body.ordered !== false;
  const errors: WriteError[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i], i);
    } catch (e) {
      if (!(e instanceof MongoCommandError)) throw e;
      errors.push({ index: i, code: e.code, errmsg: e.message, ...e.extra });
      if (ordered) break;
    }
  }
  return errors;
}

const withErrors = (reply: Document, errors: WriteError[]): Document =>
  errors.length > 0 ? { ...reply, writeErrors: errors } : reply;

const insert: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'insert');
  const docs = statements(ctx, 'documents');
  const sizes = ctx.sequenceSizes.get('documents');
  if (docs.length === 0)
    throw new MongoCommandError('InvalidLength', 'Write batch sizes must be between 1 and 100000');
  const coll = ctx.catalog.ensure(ctx.db, name, ctx.changes);
  let n = 0;
  const errors = runBatch(ctx, docs, (doc, i) => {
    insertDocument(ctx, coll, doc, sizes?.[i]);
    n++;
  });
  return withErrors({ n, ok: 1 }, errors);
};

const update: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const updates = statements(ctx, 'updates');
  // MongoDB 7.0 has no sort on update statements (8.0 added it): its command parser refuses the field.
  if (updates.some((u) => u.sort !== undefined))
    throw new MongoCommandError('Location40415', "BSON field 'update.updates.sort' is an unknown field.");
  const errors = runBatch(ctx, updates, (spec, index) => {
    const statementCtx = { ...ctx, scope: withCollation(ctx.scope, spec.collation) };
    const outcome = updateDocuments(statementCtx, ctx.db, name, spec as UpdateSpec);
    n += outcome.n;
    nModified += outcome.nModified;
    if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId });
  });
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length > 0) reply.upserted = upserted;
  return withErrors(reply, errors);
};

const remove: CommandHandler = (ctx) => {
  const name = collectionName(ctx, 'delete');
  let n = 0;
  const errors = runBatch(ctx, statements(ctx, 'deletes'), (spec) => {
    const coll = ctx.catalog.get(ctx.db, name);
    if (!coll) return;
    const limit = Number(spec.limit ?? 0) === 1 ? 1 : Infinity;
    const statementCtx = { ...ctx, scope: withCollation(ctx.scope, spec.collation) };
    for (const stored of findForWrite(statementCtx, coll, (spec.q ?? {}) as Document, limit)) {
      ctx.catalog.delete(coll, stored.id, ctx.changes);
      n++;
    }
  });
  return withErrors({ n, ok: 1 }, errors);
};

const findAndModify: CommandHandler = (ctx) => {
  const name = collectionName(ctx, ctx.body.findAndModify !== undefined ? 'findAndModify' : 'findandmodify');
  const b = ctx.body;
  const query = (b.query ?? {}) as Document;
  if (b.remove) {
    const coll = ctx.catalog.get(ctx.db, name);
    const [found] = coll ? findForWrite(ctx, coll, query, 1, b.sort as Document | undefined) : [];
    if (found) ctx.catalog.delete(coll!, found.id, ctx.changes);
    return { lastErrorObject: { n: found ? 1 : 0 }, value: project(found?.doc, b.fields), ok: 1 };
  }
  if (b.update === undefined)
    throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');
  const outcome = updateDocuments(ctx, ctx.db, name, {
    q: query,
    u: b.update as Document,
    upsert: b.upsert === true,
    arrayFilters: b.arrayFilters as Document[] | undefined,
    sort: b.sort as Document | undefined,
  });
  const lastErrorObject: Document = {
    n: outcome.n,
    updatedExisting: outcome.upsertedId === undefined && outcome.n > 0,
  };
  if (outcome.upsertedId !== undefined) lastErrorObject.upserted = outcome.upsertedId;
  const value = b.new ? outcome.after : outcome.upsertedId !== undefined ? null : outcome.before;
  return { lastErrorObject, value: project(value, b.fields), ok: 1 };
};

function project(doc: Document | undefined | null, fields: unknown): Document | null {
  if (!doc) return null;
  if (!fields || typeof fields !== 'object' || Object.keys(fields).length === 0) return doc;
  return projectDocuments([doc], fields as Document)[0];
}

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
