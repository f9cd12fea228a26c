export * from './esdb-all-stream-source.js';
export * from './ledger-event.decoder.js';
