import type { CommandPipelineOptions } from './command-pipeline/command-pipeline.options.js';

export const DEFAULT_EVENTSTORE_CONNECTION_STRING = 'esdb://127.0.0.1:2113?tls=false';

export type EventStoreModuleOptions = { connectionString: string } & Partial<CommandPipelineOptions>;

export const EVENT_STORE_OPTIONS = Symbol('EVENT_STORE_OPTIONS');
