import { Logger } from '@nestjs/common';
import { closeOnSignals } from '@ledger/http';
import { InvalidConfigurationError, QueryApiSettings } from './config/query-api.config.js';
import { processEnvironment } from './config/process-environment.js';
import { createQueryApi } from './create-query-api.js';

const app = await createQueryApi(processEnvironment()).catch((error: unknown) => {
  // A configuration mistake gets its message, not a stack trace.
  if (!(error instanceof InvalidConfigurationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
// SIGINT/SIGTERM close the server and the MongoDB client, then exit 0.
closeOnSignals(app);
const { port, host } = app.get(QueryApiSettings);
await app.listen(port, host);
new Logger('QueryApi').log({ msg: 'listening', url: await app.getUrl() });
