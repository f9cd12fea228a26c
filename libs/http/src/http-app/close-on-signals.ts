import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';

/**
 * SIGINT/SIGTERM → close the app (its onApplicationShutdown hooks close clients and send pending
 * spans), exit 0; pino writes its pending lines on exit. Used instead of enableShutdownHooks,
 * which re-raises the signal and so kills the process before they are written.
 */
export function closeOnSignals(
  app: INestApplication,
  signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): void {
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    new Logger('Shutdown').log({ msg: 'closing', signal });
    let code = 0;
    try {
      await app.close();
      new Logger('Shutdown').log({ msg: 'closed', signal });
    } catch (error) {
      code = 1;
      new Logger('Shutdown').error({ msg: 'close failed', error: String(error) });
    }
    process.exit(code);
  };
  for (const signal of signals) process.once(signal, (received) => void close(received));
}
