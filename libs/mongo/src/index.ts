export * from './mongo.module.js';
export * from './mongo.readiness-probe.js';
