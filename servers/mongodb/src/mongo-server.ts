import net from 'node:net';
import type { ServerStats } from './commands/command-context.js';
import { errorReply } from './commands/command-dispatcher.js';
import { MongoEngine } from './mongo-engine.js';
import { MongoCommandError } from './command-error.js';
import { createMongoStorage } from './mongo-storage.factory.js';
import type { MongoStorage } from './storage/mongo-storage.js';
import {
  MalformedMessageError,
  OP_QUERY,
  WireFrameReader,
  decodeMessage,
  encodeOpMsg,
  encodeOpReply,
} from './wire/wire-message.codec.js';

export interface MongoServerOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  memory?: boolean;
  log?: (line: string) => void;
  /** Overrides the storage chosen from `memory`/`dataDir` (tests, benchmarks). */
  storage?: MongoStorage;
  /** Idle time after which a server-side cursor is dropped (MongoDB's default: 10 minutes). */
  cursorTimeoutMs?: number;
}

export interface EmbeddedMongoServer {
  host: string;
  port: number;
  /** mongodb://host:port */
  uri: string;
  /** Counters of how queries were answered (index, `_id` map, scan), for tests and benchmarks. */
  stats: ServerStats;
  stop(): Promise<void>;
}

/** Starts a single-node server speaking MongoDB's wire protocol; port 0 picks a free port. */
export async function startMongoServer(options: MongoServerOptions = {}): Promise<EmbeddedMongoServer> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const storage =
    options.storage ?? createMongoStorage(options.memory === true, options.dataDir ?? 'data/mongodb');
  const engine = await MongoEngine.open(storage, { log, cursorTimeoutMs: options.cursorTimeoutMs });
  const sockets = new Set<net.Socket>();
  let nextConnectionId = 1;

  const server = net.createServer((socket) => {
    const connectionId = nextConnectionId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serveConnection(socket, connectionId, engine, log);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 27017, host, () => resolve());
    });
  } catch (e) {
    await engine.close();
    throw e;
  }
  server.on('error', (e) => log(`server error: ${e.message}`));
  const port = (server.address() as net.AddressInfo).port;
  log(`embedded MongoDB listening on ${host}:${port}`);
  return {
    host,
    port,
    uri: `mongodb://${connectableHost(host)}:${port}`,
    stats: engine.stats,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      await engine.close();
    },
  };
}

/** The address a client dials: a wildcard listen address is reached through loopback. */
function connectableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Commands on one connection run in order; a malformed frame closes this connection only. */
function serveConnection(
  socket: net.Socket,
  connectionId: number,
  engine: MongoEngine,
  log: (line: string) => void,
): void {
  const reader = new WireFrameReader();
  let queue = Promise.resolve();
  const drop = (reason: string) => {
    log(`connection ${connectionId} closed: ${reason}`);
    socket.destroy();
  };
  socket.on('data', (chunk: Buffer) => {
    let frames: Buffer[];
    try {
      frames = reader.push(chunk);
    } catch (e) {
      return drop((e as Error).message);
    }
    for (const frame of frames) {
      queue = queue.then(async () => {
        if (socket.destroyed) return;
        let command;
        try {
          command = decodeMessage(frame);
        } catch (e) {
          return drop(e instanceof MalformedMessageError ? e.message : String(e));
        }
        const reply = await engine.execute(command, connectionId);
        if (command.moreToCome || socket.destroyed) return;
        const encode = command.opCode === OP_QUERY ? encodeOpReply : encodeOpMsg;
        let bytes: Buffer;
        try {
          bytes = encode(command.requestId, reply);
        } catch (e) {
          bytes = encode(
            command.requestId,
            errorReply(new MongoCommandError('BSONObjectTooLarge', (e as Error).message)),
          );
        }
        socket.write(bytes);
      });
      // A bug while serving one message must not take the process down: drop that connection.
      queue = queue.catch((e: unknown) => drop(`internal error: ${(e as Error).stack ?? String(e)}`));
    }
  });
}
