import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import { handleAppend } from './append.handler.js';
import { handleBatchAppend } from './batch-append.handler.js';
import { handleDelete, handleTombstone } from './delete.handler.js';
import { handleRead } from './read.handler.js';

/** The five methods of `event_store.client.streams.Streams`. */
export function streamsService(
  engine: EventStoreEngine,
  log: (line: string) => void,
): UntypedServiceImplementation {
  return {
    read: handleRead(engine, log),
    append: handleAppend(engine),
    batchAppend: handleBatchAppend(engine),
    delete: handleDelete(engine),
    tombstone: handleTombstone(engine),
  };
}
