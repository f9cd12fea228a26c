import { MemoryLogStorage } from './memory-log-storage.js';
import { FileLogStorage } from './storage/file-log-storage.js';
import type { LogStorage } from './storage/log-storage.js';

/** The memory log for `--memory`, else the durable file log under `dataDir`. */
export function createLogStorage(memory: boolean, dataDir: string): LogStorage {
  return memory ? new MemoryLogStorage() : new FileLogStorage(dataDir);
}
