export * from './published-schemas.js';
export * from './asyncapi.document.js';
export * from './schema-lock.js';
export * from './contract-files.js';
