import { Logger } from '@nestjs/common';
import { closeOnSignals } from '@ledger/http';
import { InvalidConfigurationError, ProjectorsSettings } from './config/projectors.config.js';
import { processEnvironment } from './config/process-environment.js';
import { createProjectors } from './create-projectors.js';

const app = await createProjectors(processEnvironment()).catch((error: unknown) => {
  // A configuration mistake gets its message, not a stack trace.
  if (!(error instanceof InvalidConfigurationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
// SIGINT/SIGTERM stop the consumers (checkpoints saved, leases handed back), close the clients, exit 0.
closeOnSignals(app);
const { port, host } = app.get(ProjectorsSettings);
await app.listen(port, host);
new Logger('Projectors').log({ msg: 'listening', url: await app.getUrl() });
