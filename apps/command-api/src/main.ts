import { Logger } from '@nestjs/common';
import { closeOnSignals } from '@ledger/http';
import { CommandApiSettings, InvalidConfigurationError } from './config/command-api.config.js';
import { processEnvironment } from './config/process-environment.js';
import { createCommandApi } from './create-command-api.js';

const app = await createCommandApi(processEnvironment()).catch((error: unknown) => {
  // A configuration mistake gets its message, not a stack trace.
  if (!(error instanceof InvalidConfigurationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
// SIGINT/SIGTERM close the server and the event store client, then exit 0.
closeOnSignals(app);
const { port, host } = app.get(CommandApiSettings);
await app.listen(port, host);
new Logger('CommandApi').log({ msg: 'listening', url: await app.getUrl() });
