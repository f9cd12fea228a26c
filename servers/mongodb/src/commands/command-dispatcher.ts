import { Long, type Document } from 'bson';
import { MongoCommandError } from '../command-error.js';
import type { CursorRegistry } from '../engine/cursor-registry.js';
import { CompiledQueryCache } from '../engine/compiled-query.cache.js';
import { NO_SCOPE, letScope, withCollation } from '../engine/query-scope.js';
import { SessionRegistry } from '../engine/session-registry.js';
import type { MongoCatalog } from '../engine/mongo-catalog.js';
import type { MongoStorage } from '../storage/mongo-storage.js';
import type { WireCommand } from '../wire/wire-message.codec.js';
import { DurableWrites } from './durable-writes.js';
import { aggregateCommands } from './aggregate.commands.js';
import { catalogCommands } from './catalog.commands.js';
import { collectionOptionsCommands } from './collection-options.commands.js';
import type { CommandContext, CommandHandler, ServerStats } from './command-context.js';
import { handshakeCommands } from './handshake.commands.js';
import { readCommands } from './read.commands.js';
import { writeCommands } from './write.commands.js';

const HANDLERS: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...writeCommands,
  ...readCommands,
  ...aggregateCommands,
  ...catalogCommands,
  ...collectionOptionsCommands,
};

export const errorReply = (e: MongoCommandError): Document => ({
  ok: 0,
  errmsg: e.message,
  code: e.code,
  codeName: e.codeName,
  ...e.extra,
});

/** Commands that run straight away, over writes still being logged (their reply waits for those). */
const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);
/**
 * Commands that read no live data answer at once, even during a sync: the handshake, ping and
 * status, and cursors' getMore/killCursors, whose results were taken once durable.
 */
const DATA_FREE = new Set([...Object.keys(handshakeCommands), 'getMore', 'killCursors']);

/**
 * Runs one command: the handler applies its writes to memory and, in the same tick, the changes
 * go to storage; the reply waits until storage has made them durable. Other commands first wait
 * until every pending write is durable (or undone), so nobody reads a write a restart could lose.
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
  private readonly sessions = new SessionRegistry();
  private readonly durable: DurableWrites;

  constructor(
    private readonly catalog: MongoCatalog,
    storage: MongoStorage,
    private readonly cursors: CursorRegistry,
    private readonly log: (line: string) => void,
  ) {
    this.durable = new DurableWrites(storage, log);
  }

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
    if (command.body.lsid !== undefined) this.sessions.touch(command.body.lsid);
    const isWrite = WRITE_COMMANDS.has(name);
    if (isWrite && this.durable.failed) return errorReply(this.durable.readOnlyError());
    // A write may build on pending writes: its own log record comes after theirs, so it fails if they do.
    const waits = !isWrite && !DATA_FREE.has(name);
    const observed = this.durable.latestOutcome();
    if (waits && observed) await observed;
    const ctx: CommandContext = {
      body: command.body,
      db: command.db,
      connectionId,
      sequenceSizes: command.sequenceSizes,
      catalog: this.catalog,
      log: this.log,
      cursors: this.cursors,
      sessions: this.sessions,
      queries: this.queries,
      stats: this.stats,
      scope: NO_SCOPE,
      changes: [],
    };
    let reply: Document;
    try {
      if (command.body.let !== undefined) ctx.scope = letScope(command.body.let);
      ctx.scope = withCollation(ctx.scope, command.body.collation);
      reply = handler(ctx);
    } catch (e) {
      if (!(e instanceof MongoCommandError))
        this.log(`command ${name} failed: ${(e as Error).stack ?? String(e)}`);
      reply = errorReply(
        e instanceof MongoCommandError ? e : new MongoCommandError('InternalError', (e as Error).message),
      );
    }
    const undo = this.catalog.takeUndo();
    if (ctx.changes.length > 0) {
      if (this.durable.failed) {
        for (let i = undo.length - 1; i >= 0; i--) undo[i]();
        return errorReply(this.durable.readOnlyError());
      }
      if (!(await this.durable.commit(ctx.changes, undo))) return errorReply(this.durable.notDurableError());
    } else {
      // Whatever this command saw is replied only once durable: writes logged while it waited too.
      const seen = isWrite ? observed : waits ? this.durable.latestOutcome() : undefined;
      if (seen && !(await seen)) {
        const cursorId = (reply.cursor as Document | undefined)?.id;
        if (cursorId instanceof Long && !cursorId.isZero()) this.cursors.kill(cursorId);
        return errorReply(this.durable.notDurableError());
      }
    }
    return reply;
  }
}
