// The image's entry point: runs the compiled app that LEDGER_APP names, in this process, so
// SIGTERM from `docker stop` reaches the app's own clean shutdown.
import { pathToFileURL } from 'node:url';
import { chosenApp } from './ledger-apps.mjs';

let app;
try {
  app = chosenApp();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
await import(pathToFileURL(app.main).href);
