import type { EventStoreDBClient } from '@eventstore/db-client';
import type { ConsumerDefinition } from '@ledger/consumers';
import type { LedgerEvent } from '@ledger/domain';
import { readModelConsumers } from '@ledger/read-models';
import type { CommandPipeline } from '@ledger/event-store';
import type { Db } from 'mongodb';
import type { ProjectorsSettings } from './config/projectors.config.js';
import { transferWorkflowConsumer } from './transfer-workflow/transfer-workflow.consumer.js';

/** What a consumer may be built from: the app's clients, already configured. */
export interface ConsumerDeps {
  /** The ledger's MongoDB database (read models, checkpoints, leases, parked events). */
  db: Db;
  /** The EventStoreDB client (the `$all` source shares it). */
  client: EventStoreDBClient;
  /** Load → decide → append: for consumers that issue commands (the transfer workflow). */
  pipeline: CommandPipeline;
  settings: ProjectorsSettings;
}

/** Builds the consumers the projectors run; tests pass their own through `createProjectors`. */
export type ConsumerRegistration = (
  deps: ConsumerDeps,
) => ReadonlyArray<ConsumerDefinition<LedgerEvent>> | Promise<ReadonlyArray<ConsumerDefinition<LedgerEvent>>>;

/** Injection token of the consumer list the host runs (built by a `ConsumerRegistration`). */
export const PROJECTOR_CONSUMERS = Symbol('PROJECTOR_CONSUMERS');

/**
 * Every consumer the projectors run: one line per read model's consumer, and the transfer
 * workflow. Names are checkpoints, leases and parked events' keys: never rename one lightly.
 */
export const projectorConsumers: ConsumerRegistration = ({ db, pipeline }) => [
  ...readModelConsumers(db),
  transferWorkflowConsumer(pipeline),
];
