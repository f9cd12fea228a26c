export { DataDirInUseError, lockDataDir, type DataDirLock } from './data-dir.lock.js';
export { GroupCommitQueue, type GroupCommitOptions, type GroupCommitStats } from './group-commit.queue.js';
export { startChildServer, type ChildServer, type ChildServerOptions } from './child-server.js';
