// The answers of the ledger's operator HTTP APIs as plain types, depending on nothing, so the
// apps that give them, the CLI and the console's page (built by Vite) share one definition.
export * from './projectors.views.js';
export * from './console.views.js';
