import { Server, ServerCredentials } from '@grpc/grpc-js';
import { EventStoreEngine } from './engine/event-store-engine.js';
import { serverFeaturesGrpc } from './grpc/generated-code.js';
import { serverFeaturesService } from './grpc/server-features.service.js';
import { streamsService, streamsServiceDefinition } from './grpc/streams.service.js';
import { addUnimplementedServices } from './grpc/unimplemented.services.js';
import { createLogStorage } from './log-storage.factory.js';
import { FileLogStorage } from './storage/file-log-storage.js';
import { SystemEventsWriter } from './system-events.writer.js';

export interface EventStoreOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  dataDir?: string;
  /** Keep events in memory only (tests, throwaway runs). */
  memory?: boolean;
  log?: (line: string) => void;
  /** Interval of the `$statsCollected` system events; 0 (the default) writes none. */
  statsIntervalMs?: number;
}

export interface EmbeddedEventStore {
  host: string;
  port: number;
  /** `esdb://host:port?tls=false`, for `EventStoreDBClient.connectionString`. */
  connectionString: string;
  stop(): Promise<void>;
}

/** Grace period for calls in flight at stop; subscriptions never end by themselves. */
const SHUTDOWN_GRACE_MS = 500;

export async function startEventStore(options: EventStoreOptions = {}): Promise<EmbeddedEventStore> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const storage = createLogStorage(options.memory ?? false, options.dataDir ?? 'data/eventstore');
  const engine = new EventStoreEngine(storage, log);
  const opening = performance.now();
  await engine.open();
  if (storage instanceof FileLogStorage && storage.recovery) {
    const { events, truncatedBytes, removedSegment } = storage.recovery;
    const repaired =
      (truncatedBytes > 0 ? `; cut ${truncatedBytes} bytes of torn tail` : '') +
      (removedSegment ? `; removed torn segment ${removedSegment}` : '');
    log(`recovered ${events} events in ${Math.round(performance.now() - opening)} ms${repaired}`);
  }

  const server = new Server({
    'grpc.max_receive_message_length': 8 * 1024 * 1024,
    'grpc.keepalive_permit_without_calls': 1,
  });
  server.addService(streamsServiceDefinition(), streamsService(engine, log));
  server.addService(serverFeaturesGrpc.ServerFeaturesService, serverFeaturesService());
  addUnimplementedServices(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port ?? 2113}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  }).catch(async (error: unknown) => {
    await engine.close();
    throw error;
  });

  const systemEvents = new SystemEventsWriter(engine, `$stats-${host}:${port}`, log);
  await systemEvents.writeInitial();
  systemEvents.startStats(options.statsIntervalMs ?? 0);
  log(
    `event store listening on ${host}:${port} (${options.memory ? 'in memory' : `data in ${options.dataDir ?? 'data/eventstore'}`})`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      systemEvents.stop();
      await shutdown(server);
      await engine.close();
      log('event store stopped');
    })();
    return stopping;
  };
  return { host, port, connectionString: `esdb://${host}:${port}?tls=false`, stop };
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
