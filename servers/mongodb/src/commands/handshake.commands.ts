import type { Document } from 'bson';
import { MAX_MESSAGE_BYTES } from '../wire/wire-message.codec.js';
import { MAX_BSON_OBJECT_SIZE } from '../engine/write-operations.js';
import type { CommandHandler } from './command-context.js';

const VERSION = '7.0.0';

/**
 * A standalone's hello. No `topologyVersion` (the driver would switch to streaming monitoring)
 * and no replica-set fields (the driver would send transactions and retryable writes).
 */
const hello: CommandHandler = (ctx) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  maxMessageSizeBytes: MAX_MESSAGE_BYTES,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
});

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded'],
  modules: [],
  ok: 1,
});

const getParameter: CommandHandler = (ctx) => {
  const reply: Document = { ok: 1 };
  if (ctx.body.featureCompatibilityVersion !== undefined || ctx.body.getParameter === '*') {
    reply.featureCompatibilityVersion = { version: '7.0' };
  }
  return reply;
};

const ok: CommandHandler = () => ({ ok: 1 });

/** The parts of serverStatus this server can fill: cursor metrics, as MongoDB reports them. */
const serverStatus: CommandHandler = (ctx) => {
  ctx.cursors.expire();
  return {
    host: 'localhost',
    version: VERSION,
    process: 'mongod',
    metrics: { cursor: { timedOut: ctx.cursors.timedOut, open: { total: ctx.cursors.size } } },
    ok: 1,
  };
};

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  endSessions: (ctx) => {
    ctx.sessions.end(ctx.body.endSessions);
    return { ok: 1 };
  },
  killSessions: ok,
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  hostInfo: () => ({ system: { hostname: 'localhost' }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: [], parsed: {}, ok: 1 }),
  serverStatus,
};
