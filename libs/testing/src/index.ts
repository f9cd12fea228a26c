export * from './given-when-then.scenario.js';
export * from './fixture.ids.js';
export * from './account.fixtures.js';
export * from './transfer.fixtures.js';
export * from './in-memory-ledger.driver.js';
export * from './app-process.js';
export * from './consumed-events.js';
export * from './eventually.js';
