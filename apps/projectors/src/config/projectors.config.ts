import { type Environment, HttpAppSettings, readAppEnvironment } from '@ledger/http';
import { ProjectorsEnvironment } from './projectors.environment.js';

export { type Environment, InvalidConfigurationError } from '@ledger/http';

/** The validated settings the app is built from; also the DI token to read them. */
export class ProjectorsSettings extends HttpAppSettings {
  port: number;
  host: string;
  eventStoreConnectionString: string;
  mongoUri: string;
  mongoDatabase: string;
  instanceId: string;
  batchSize: number;
  leaseTtlMs: number;
  stallAfterMs: number;
  rebuildGraceMs: number;
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateProjectorsConfig(env: Environment): ProjectorsSettings {
  const { vars, common } = readAppEnvironment(ProjectorsEnvironment, env, 'projectors');
  return Object.assign(new ProjectorsSettings(), {
    ...common,
    port: vars.PROJECTORS_PORT,
    host: vars.PROJECTORS_HOST,
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    mongoUri: vars.MONGODB_URI,
    mongoDatabase: vars.MONGODB_DATABASE,
    instanceId: vars.PROJECTORS_INSTANCE_ID,
    batchSize: vars.PROJECTORS_BATCH_SIZE,
    leaseTtlMs: vars.PROJECTORS_LEASE_TTL_MS,
    stallAfterMs: vars.PROJECTORS_STALL_AFTER_MS,
    rebuildGraceMs: vars.PROJECTORS_REBUILD_GRACE_MS,
  });
}
