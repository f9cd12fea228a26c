import type { Document } from 'bson';
import { toQueryView } from '../bson/query-view.normaliser.js';
import type { StoredDocument } from './stored-document.js';
import { Aggregator, MINGO_OPTIONS } from './mingo-query.js';
import { PipelineRun, mayMutateInput } from './pipeline-run.js';
import { NO_SCOPE, type QueryScope } from './query-scope.js';

/**
 * Runs a pipeline over stored documents and answers with BSON-typed documents. `foreign` gives
 * the documents of another collection ($lookup, $unionWith).
 */
export function runPipeline(
  pipeline: Document[],
  input: Iterable<StoredDocument>,
  foreign: (collection: string) => Iterable<StoredDocument> = () => [],
  scope: QueryScope = NO_SCOPE,
): Document[] {
  const run = new PipelineRun(mayMutateInput(pipeline));
  const options = {
    ...MINGO_OPTIONS,
    ...(scope.variables ? { variables: scope.variables } : {}),
    ...(scope.collation ? { collation: scope.collation } : {}),
    collectionResolver: (name: string) => run.admit(foreign(name)),
    pipelineRun: run,
  };
  const out = new Aggregator(toQueryView(pipeline), options as never).run(run.admit(input)) as Document[];
  return run.restoreAll(out);
}
