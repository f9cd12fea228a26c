import { type ApiKeyEntry, type Environment, HttpAppSettings, readAppEnvironment } from '@ledger/http';
import { createHash } from 'node:crypto';
import { QueryApiEnvironment } from './query-api.environment.js';

export { type Environment, InvalidConfigurationError } from '@ledger/http';

/** The validated settings the app is built from; also the DI token to read them. */
export class QueryApiSettings extends HttpAppSettings {
  port: number;
  host: string;
  mongoUri: string;
  mongoDatabase: string;
  minPositionWaitMs: number;
  cursorSecret: string;
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateQueryApiConfig(env: Environment): QueryApiSettings {
  const { vars, common } = readAppEnvironment(QueryApiEnvironment, env, 'query API');
  return Object.assign(new QueryApiSettings(), {
    ...common,
    port: vars.QUERY_API_PORT,
    host: vars.QUERY_API_HOST,
    mongoUri: vars.MONGODB_URI,
    mongoDatabase: vars.MONGODB_DATABASE,
    minPositionWaitMs: vars.MIN_POSITION_WAIT_MS,
    cursorSecret: vars.QUERY_API_CURSOR_SECRET ?? derivedCursorSecret(common.apiKeys),
  });
}

/**
 * Without QUERY_API_CURSOR_SECRET, cursors are signed with a digest of the configured keys'
 * digests: every copy sharing API_KEYS accepts the others' cursors, and no client knows it.
 */
function derivedCursorSecret(apiKeys: ApiKeyEntry[]): string {
  const digests = apiKeys.map((entry) => entry.sha256).sort();
  return createHash('sha256')
    .update(`ledger-query-cursors:${digests.join(',')}`)
    .digest('hex');
}
