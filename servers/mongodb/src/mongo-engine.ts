import type { Document } from 'bson';
import type { ServerStats } from './commands/command-context.js';
import { CommandDispatcher } from './commands/command-dispatcher.js';
import { CursorRegistry, IDLE_TIMEOUT_MS } from './engine/cursor-registry.js';
import { MongoCatalog } from './engine/mongo-catalog.js';
import type { MongoStorage } from './storage/mongo-storage.js';
import type { WireCommand } from './wire/wire-message.codec.js';

/**
 * The server without the network: recovered state, cursors and command execution. The TCP
 * server feeds it decoded messages; benchmarks call it directly as the no-wire baseline.
 */
export interface MongoEngineOptions {
  log?: (line: string) => void;
  /** Idle time after which a server-side cursor is dropped (MongoDB's `cursorTimeoutMillis`). */
  cursorTimeoutMs?: number;
}

export class MongoEngine {
  private readonly catalog = new MongoCatalog();
  private readonly cursors: CursorRegistry;
  private readonly dispatcher: CommandDispatcher;

  private constructor(
    private readonly storage: MongoStorage,
    options: MongoEngineOptions,
  ) {
    this.cursors = new CursorRegistry(Date.now, options.cursorTimeoutMs ?? IDLE_TIMEOUT_MS);
    this.dispatcher = new CommandDispatcher(this.catalog, storage, this.cursors, options.log ?? (() => {}));
  }

  static async open(storage: MongoStorage, options: MongoEngineOptions = {}): Promise<MongoEngine> {
    const engine = new MongoEngine(storage, options);
    await storage.open(
      (change) => engine.catalog.apply(change),
      () => engine.catalog.dump(),
    );
    return engine;
  }

  get stats(): ServerStats {
    return this.dispatcher.stats;
  }

  execute(command: WireCommand, connectionId: number): Promise<Document> {
    return this.dispatcher.execute(command, connectionId);
  }

  /** Runs a command given as a plain body, as a driver would send it (`$db` names the database). */
  command(body: Document): Promise<Document> {
    const db = typeof body.$db === 'string' ? body.$db : 'admin';
    return this.execute(
      { requestId: 0, opCode: 2013, body, db, moreToCome: false, sequenceSizes: new Map() },
      0,
    );
  }

  async close(): Promise<void> {
    this.cursors.close();
    await this.storage.close();
  }
}
