export { startMongoServer } from './mongo-server.js';
export type { EmbeddedMongoServer, MongoServerOptions } from './mongo-server.js';
export type { ServerStats } from './commands/command-context.js';
export { MemoryMongoStorage } from './memory-mongo-storage.js';
export type { Change, MongoStorage } from './storage/mongo-storage.js';
export { MongoEngine } from './mongo-engine.js';
export { createMongoStorage } from './mongo-storage.factory.js';
