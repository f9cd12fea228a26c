import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import { handleAppend } from './append.handler.js';
import type { BatchAppendResponse } from './batch-append.handler.js';
import { handleBatchAppend } from './batch-append.handler.js';
import { handleDelete, handleTombstone } from './delete.handler.js';
import { streamsGrpc } from './generated-code.js';
import type { ReadResponse } from './read-responses.js';
import { handleRead } from './read.handler.js';

/** The five methods of `event_store.client.streams.Streams`. */
export function streamsService(
  engine: EventStoreEngine,
  log: (line: string) => void,
): UntypedServiceImplementation {
  return {
    read: handleRead(engine, log),
    append: handleAppend(engine, log),
    batchAppend: handleBatchAppend(engine),
    delete: handleDelete(engine),
    tombstone: handleTombstone(engine),
  };
}

/**
 * The Streams service definition, with answers already encoded (a Buffer) sent as they are: read
 * events and append successes are encoded by hand, the other answers by google-protobuf; and
 * BatchAppend requests handed over undecoded.
 */
export function streamsServiceDefinition(): ServiceDefinition {
  const definition = streamsGrpc.StreamsService;
  const { read, batchAppend } = definition;
  const serializeRead = read.responseSerialize;
  const serializeBatch = batchAppend.responseSerialize;
  return {
    ...definition,
    read: {
      ...read,
      responseSerialize: (response: ReadResponse) =>
        Buffer.isBuffer(response) ? response : serializeRead(response),
    },
    batchAppend: {
      ...batchAppend,
      // Requests are decoded by the handler (batch-append.codec.ts), where a malformed one is
      // answered with INVALID_ARGUMENT.
      requestDeserialize: (bytes: Buffer) => bytes,
      responseSerialize: (response: BatchAppendResponse) =>
        Buffer.isBuffer(response) ? response : serializeBatch(response),
    },
  } as ServiceDefinition;
}
