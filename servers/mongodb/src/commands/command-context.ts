import type { Document } from 'bson';
import type { CursorRegistry } from '../engine/cursor-registry.js';
import type { CompiledQueryCache } from '../engine/compiled-query.cache.js';
import type { SessionRegistry } from '../engine/session-registry.js';
import type { MongoCatalog } from '../engine/mongo-catalog.js';
import type { QueryPlan } from '../engine/query-planner.js';
import type { QueryScope } from '../engine/query-scope.js';
import type { Change } from '../storage/mongo-storage.js';

/** Counters tests and benchmarks read to see how queries were answered (not timings). */
export interface ServerStats {
  commands: number;
  collectionScans: number;
  indexScans: number;
  idLookups: number;
  docsExamined: number;
  lastPlan?: QueryPlan;
}

/** What a command handler gets: the request and the server's state. */
export interface CommandContext {
  body: Document;
  db: string;
  connectionId: number;
  sequenceSizes: Map<string, number[]>;
  catalog: MongoCatalog;
  /** The server's log (validation warnings). */
  log: (line: string) => void;
  cursors: CursorRegistry;
  sessions: SessionRegistry;
  queries: CompiledQueryCache;
  stats: ServerStats;
  /** The command's `let` variables for its queries and pipelines. */
  scope: QueryScope;
  /** Changes this command made; handed to storage before the reply is sent. */
  changes: Change[];
}

/** Handlers are synchronous so their changes reach storage in the same tick as memory. */
export type CommandHandler = (ctx: CommandContext) => Document;
