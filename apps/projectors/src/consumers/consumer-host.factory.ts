import type { EventStoreDBClient } from '@eventstore/db-client';
import { type ConsumerDefinition, ConsumerHost, SystemClock } from '@ledger/consumers';
import { EsdbAllStreamSource } from '@ledger/consumers-eventstore';
import { MongoCheckpointStore, MongoLeaseStore, MongoParkedEventStore } from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import type { AppLogger, Tracing } from '@ledger/http';
import type { Db } from 'mongodb';
import type { ProjectorsSettings } from '../config/projectors.config.js';
import { BatchLoggingObserver } from './batch-logging.observer.js';

/** The engine over `$all` and the Mongo stores, tuned by the validated settings; a log line per batch. */
export function createConsumerHost(
  consumers: ReadonlyArray<ConsumerDefinition<LedgerEvent>>,
  db: Db,
  client: EventStoreDBClient,
  settings: ProjectorsSettings,
  logger: AppLogger,
  tracing: Tracing,
): ConsumerHost<LedgerEvent> {
  const stores = {
    checkpoints: new MongoCheckpointStore(db),
    leases: new MongoLeaseStore(db),
    parked: new MongoParkedEventStore(db),
  };
  return new ConsumerHost(
    consumers,
    {
      source: new EsdbAllStreamSource<LedgerEvent>(client),
      clock: new SystemClock(),
      observer: new BatchLoggingObserver(logger, tracing),
      ...stores,
    },
    {
      instanceId: settings.instanceId,
      leaseTtlMs: settings.leaseTtlMs,
      // The engine wants renewal at a third of the TTL or less: two renewals may fail before expiry.
      renewEveryMs: Math.floor(settings.leaseTtlMs / 3),
      stallAfterMs: settings.stallAfterMs,
      runner: { batchSize: settings.batchSize },
    },
  );
}
