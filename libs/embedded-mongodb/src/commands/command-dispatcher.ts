import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.js';
import type { CursorRegistry } from '../engine/cursor-registry.js';
import { CompiledQueryCache } from '../engine/compiled-query.cache.js';
import type { MongoCatalog } from '../engine/mongo-catalog.js';
import type { MongoStorage } from '../storage/mongo-storage.js';
import type { WireCommand } from '../wire/wire-message.codec.js';
import { catalogCommands } from './catalog.commands.js';
import type { CommandContext, CommandHandler, ServerStats } from './command-context.js';
import { handshakeCommands } from './handshake.commands.js';
import { readCommands } from './read.commands.js';
import { writeCommands } from './write.commands.js';

const HANDLERS: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...writeCommands,
  ...readCommands,
  ...catalogCommands,
};

export const errorReply = (e: MongoCommandError): Document => ({
  ok: 0,
  errmsg: e.message,
  code: e.code,
  codeName: e.codeName,
  ...e.extra,
});

/**
 * Runs one command: the handler applies its writes to memory and, in the same tick, the changes
 * go to storage; the reply waits until storage has made them durable.
 */
export class CommandDispatcher {
  readonly stats: ServerStats = {
    commands: 0,
    collectionScans: 0,
    indexScans: 0,
    idLookups: 0,
    docsExamined: 0,
  };
  private readonly queries = new CompiledQueryCache();

  constructor(
    private readonly catalog: MongoCatalog,
    private readonly storage: MongoStorage,
    private readonly cursors: CursorRegistry,
    private readonly log: (line: string) => void,
  ) {}

  async execute(command: WireCommand, connectionId: number): Promise<Document> {
    this.stats.commands++;
    const name = Object.keys(command.body)[0] ?? '';
    const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) return errorReply(new MongoCommandError('CommandNotFound', `no such command: '${name}'`));
    if (command.body.txnNumber !== undefined || command.body.startTransaction !== undefined) {
      return errorReply(
        new MongoCommandError(
          'IllegalOperation',
          'Transaction numbers are only allowed on a replica set member or mongos',
        ),
      );
    }
    const ctx: CommandContext = {
      body: command.body,
      db: command.db,
      connectionId,
      sequenceSizes: command.sequenceSizes,
      catalog: this.catalog,
      cursors: this.cursors,
      queries: this.queries,
      stats: this.stats,
      changes: [],
    };
    let reply: Document;
    try {
      reply = handler(ctx);
    } catch (e) {
      if (!(e instanceof MongoCommandError))
        this.log(`command ${name} failed: ${(e as Error).stack ?? String(e)}`);
      reply = errorReply(
        e instanceof MongoCommandError ? e : new MongoCommandError('InternalError', (e as Error).message),
      );
    }
    if (ctx.changes.length > 0) {
      try {
        await this.storage.commit(ctx.changes);
      } catch (e) {
        this.log(`storage commit failed: ${(e as Error).message}`);
        return errorReply(
          new MongoCommandError('InternalError', `write could not be made durable: ${(e as Error).message}`),
        );
      }
    }
    return reply;
  }
}
