// `npm run mongodb`: the server as a process. Options, logging, signals and exit codes are the
// ones both embedded servers share (@embedded-servers/storage).
import { runServerCommand } from '@embedded-servers/storage';
import { startMongoServer } from './mongo-server.js';

await runServerCommand({
  name: 'mongodb',
  defaultPort: 27017,
  portVariable: 'MONGODB_PORT',
  async start(options, log) {
    const server = await startMongoServer({ ...options, log });
    log(options.memory ? 'storage: in memory (nothing is kept after exit)' : `storage: ${options.dataDir}`);
    return server;
  },
});
