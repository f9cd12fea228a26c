import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.js';
import type { Collection } from './collection.js';

/** A view is a catalog entry whose options name a source (`viewOn`) and a `pipeline`. */
export const isView = (coll: Collection): boolean => coll.options.viewOn !== undefined;

export function viewDefinition(coll: Collection): { viewOn: string; pipeline: Document[] } {
  return {
    viewOn: String(coll.options.viewOn),
    pipeline: Array.isArray(coll.options.pipeline) ? (coll.options.pipeline as Document[]) : [],
  };
}

/** Writes go to collections only: MongoDB answers 166 for a view. */
export function assertNotView(coll: Collection | undefined): void {
  if (coll && isView(coll))
    throw new MongoCommandError(
      'CommandNotSupportedOnView',
      `Namespace ${coll.namespace} is a view, not a collection`,
    );
}
