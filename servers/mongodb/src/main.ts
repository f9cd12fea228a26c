import { CliUsageError, USAGE, parseCliOptions } from './cli-options.js';
import { startMongoServer } from './mongo-server.js';

const log = (line: string) => console.log(`[embedded-mongodb] ${line}`);

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  const server = await startMongoServer({ ...options, log });
  log(options.memory ? 'storage: in memory (nothing is kept after exit)' : `storage: ${options.dataDir}`);
  log(`connect with ${server.uri}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`[embedded-mongodb] failed to start: ${(e as Error).message}`);
  process.exit(1);
});
