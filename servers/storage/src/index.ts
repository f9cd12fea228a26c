export { DataDirInUseError, lockDataDir, type DataDirLock } from './data-dir.lock.js';
export { GroupCommitQueue, type GroupCommitOptions, type GroupCommitStats } from './group-commit.queue.js';
export { runToExit, startChildServer, type ChildServer, type ChildServerOptions } from './child-server.js';
export {
  ExitCode,
  UsageError,
  integerFlag,
  parseServerOptions,
  usage,
  type ServerCommandSpec,
  type ServerOptions,
} from './server-options.js';
export { runServerCommand, type RunningServer, type ServerCommand } from './server-command.js';
export { freePort, freePortRange, startServerProcess, type ServerProcess } from './server-process.js';
