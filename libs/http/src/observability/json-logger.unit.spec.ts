import { JsonLogger } from './json-logger.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('JsonLogger', () => {
  const capture = () => {
    const writes: string[] = [];
    return {
      writes,
      lines: () =>
        writes
          .join('')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
    };
  };

  it('writes one JSON object per line, with level, time, context and the message fields', async () => {
    const out = capture();
    const logger = new JsonLogger('log', { write: (chunk: string) => out.writes.push(chunk) });
    logger.log({ msg: 'request', correlationId: 'c1', status: 200 }, 'Http');
    logger.log('plain text', 'App');
    logger.debug('hidden', 'App');
    await nextTurn();
    expect(out.lines()).toEqual([
      {
        level: 'log',
        time: expect.any(String),
        context: 'Http',
        msg: 'request',
        correlationId: 'c1',
        status: 200,
      },
      { level: 'log', time: expect.any(String), context: 'App', msg: 'plain text' },
    ]);
    expect(out.writes).toHaveLength(1);
  });

  it('writes errors at once, with their stack', () => {
    const out = capture();
    const logger = new JsonLogger('error', { write: (chunk: string) => out.writes.push(chunk) });
    logger.warn('dropped');
    logger.error('boom', 'Error: boom\n    at x', 'Ctx');
    expect(out.lines()).toEqual([
      {
        level: 'error',
        time: expect.any(String),
        context: 'Ctx',
        msg: 'boom',
        stack: 'Error: boom\n    at x',
      },
    ]);
  });
});
