import type { Document } from 'bson';
import { valuesEqual } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';
import { parseCollation } from '../engine/collation.js';
import { checkValidationOptions } from '../engine/document-validator.js';
import { isView } from '../engine/views.js';
import type { CommandHandler } from './command-context.js';

/** Generic command fields, not collection options (compared when the collection exists). */
const NOT_OPTIONS = new Set([
  'create',
  '$db',
  'lsid',
  'writeConcern',
  '$clusterTime',
  '$readPreference',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'comment',
]);

/** A view names its source and, optionally, a pipeline that may not write ($out, $merge). */
function checkViewOptions(options: Document): void {
  if (typeof options.viewOn !== 'string' || options.viewOn === '')
    throw new MongoCommandError(
      'TypeMismatch',
      "BSON field 'create.viewOn' is the wrong type, expected type 'string'",
    );
  options.pipeline ??= [];
  if (!Array.isArray(options.pipeline))
    throw new MongoCommandError(
      'TypeMismatch',
      "BSON field 'create.pipeline' is the wrong type, expected type 'array'",
    );
  for (const stage of options.pipeline as Document[]) {
    if ('$out' in stage || '$merge' in stage)
      throw new MongoCommandError(
        'OptionNotSupportedOnView',
        `${Object.keys(stage)[0]} cannot be used in a view definition`,
      );
  }
}

const create: CommandHandler = (ctx) => {
  const name = String(ctx.body.create);
  const options = Object.fromEntries(Object.entries(ctx.body).filter(([k]) => !NOT_OPTIONS.has(k)));
  if (options.viewOn !== undefined) checkViewOptions(options);
  checkValidationOptions(options, ctx.queries);
  // A default collation is kept with its defaults filled in, as listCollections shows it.
  const collation = parseCollation(options.collation);
  if (collation) options.collation = collation;
  else delete options.collation;
  const existing = ctx.catalog.get(ctx.db, name);
  if (existing) {
    if (valuesEqual(existing.options, options)) return { ok: 1 };
    throw new MongoCommandError('NamespaceExists', `Collection ${ctx.db}.${name} already exists.`);
  }
  ctx.catalog.create(ctx.db, name, options, ctx.changes);
  return { ok: 1 };
};

const MODIFIABLE = new Set(['validator', 'validationLevel', 'validationAction', 'viewOn', 'pipeline']);

/** `collMod`: a collection's validation options, or a view's definition. */
const collMod: CommandHandler = (ctx) => {
  const name = String(ctx.body.collMod);
  const coll = ctx.catalog.get(ctx.db, name);
  if (!coll) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const changes = Object.fromEntries(
    Object.entries(ctx.body).filter(([k]) => !NOT_OPTIONS.has(k) && k !== 'collMod'),
  );
  for (const k of Object.keys(changes)) {
    if (!MODIFIABLE.has(k))
      throw new MongoCommandError('InvalidOptions', `option not supported by this server: ${k}`);
    if ((k === 'viewOn' || k === 'pipeline') !== isView(coll))
      throw new MongoCommandError(
        'InvalidOptions',
        `option not supported on a ${isView(coll) ? 'view' : 'collection'}: ${k}`,
      );
  }
  const options = { ...coll.options, ...changes };
  if (isView(coll)) checkViewOptions(options);
  checkValidationOptions(options, ctx.queries);
  ctx.catalog.setOptions(coll, options, ctx.changes);
  return { ok: 1 };
};

export const collectionOptionsCommands: Record<string, CommandHandler> = { create, collMod };
