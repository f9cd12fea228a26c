export type { EmbeddedEventStore, EventStoreOptions } from './embedded-event-store.js';
export { startEventStore } from './embedded-event-store.js';
export { MemoryLogStorage } from './memory-log-storage.js';
export type { EventRecord, LogStorage, StoredEvent, StoredEventHeader } from './storage/log-storage.js';
