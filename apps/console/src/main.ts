import { Logger } from '@nestjs/common';
import { closeOnSignals } from '@ledger/http';
import { ConsoleSettings, InvalidConfigurationError } from './config/console.config.js';
import { processEnvironment } from './config/process-environment.js';
import { createConsole } from './create-console.js';

const app = await createConsole(processEnvironment()).catch((error: unknown) => {
  // A configuration mistake gets its message, not a stack trace.
  if (!(error instanceof InvalidConfigurationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
// SIGINT/SIGTERM close the server and the event store client, then exit 0.
closeOnSignals(app);
const { port, host } = app.get(ConsoleSettings);
await app.listen(port, host);
new Logger('Console').log({ msg: 'listening', url: await app.getUrl() });
