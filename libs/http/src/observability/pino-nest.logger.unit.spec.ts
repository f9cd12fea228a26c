import { LogLines } from '@ledger/testing';
import { createAppLogger } from './app-logger.js';
import { PinoNestLogger } from './pino-nest.logger.js';

describe('Nest’s logs through pino', () => {
  it('writes the context, the fields of an object message and an error’s stack', () => {
    const logs = new LogLines();
    const logger = new PinoNestLogger(createAppLogger('log', logs.destination, { service: 'svc' }));
    logger.log({ msg: 'listening', url: 'http://x' }, 'App');
    logger.log('plain text', 'App');
    logger.debug('hidden', 'App');
    logger.error('boom', 'Error: boom\n    at x', 'Ctx');
    expect(logs.all()).toEqual([
      {
        level: 'info',
        time: expect.any(String),
        service: 'svc',
        context: 'App',
        msg: 'listening',
        url: 'http://x',
      },
      { level: 'info', time: expect.any(String), service: 'svc', context: 'App', msg: 'plain text' },
      {
        level: 'error',
        time: expect.any(String),
        service: 'svc',
        context: 'Ctx',
        msg: 'boom',
        stack: 'Error: boom\n    at x',
      },
    ]);
  });

  it('keeps Nest’s start-up lines (modules, routes) for debug', () => {
    const logs = new LogLines();
    const logger = new PinoNestLogger(createAppLogger('log', logs.destination));
    logger.log('Mapped {/accounts, POST} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('listening', 'App');
    expect(logs.all().map((line) => line.msg)).toEqual(['listening']);
    const verbose = new LogLines();
    new PinoNestLogger(createAppLogger('debug', verbose.destination)).log('Mapped', 'RouterExplorer');
    expect(verbose.all()).toEqual([expect.objectContaining({ level: 'debug', msg: 'Mapped' })]);
  });

  it('writes nothing at silent', () => {
    const logs = new LogLines();
    new PinoNestLogger(createAppLogger('silent', logs.destination)).fatal('x');
    expect(logs.all()).toEqual([]);
  });
});
