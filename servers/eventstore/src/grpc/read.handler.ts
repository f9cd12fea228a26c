import type { ServerWritableStream } from '@grpc/grpc-js';
import type { EventStoreEngine } from '../engine/event-store-engine.js';
import { runCountRead } from './count-read.js';
import type { StreamsPb } from './generated-code.js';
import { decodeReadRequest } from './read-request.js';
import type { ReadResponse } from './read-responses.js';
import { ResponseSink } from './response-sink.js';
import { RequestError, unknownError } from './status-errors.js';
import { runSubscription } from './subscription.js';

/** `Streams.Read`: a bounded read or a subscription, to a stream or `$all`. */
export function handleRead(engine: EventStoreEngine, log: (line: string) => void) {
  return (call: ServerWritableStream<StreamsPb.ReadReq, ReadResponse>): void => {
    const sink = new ResponseSink(call);
    const run = async (): Promise<void> => {
      const request = decodeReadRequest(call.request);
      const count = request.count;
      if (count === 'subscription') await runSubscription(engine, request, sink);
      else await runCountRead(engine, { ...request, count }, sink);
    };
    run().catch((error: unknown) => {
      if (error instanceof RequestError) return sink.fail(error.status);
      log(`read failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sink.fail(unknownError('Read failed'));
    });
  };
}
