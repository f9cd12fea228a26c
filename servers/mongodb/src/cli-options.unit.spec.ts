import { CliUsageError, parseCliOptions } from './cli-options.js';

describe('parseCliOptions', () => {
  it('defaults to 127.0.0.1:27017 with data under data/mongodb', () => {
    expect(parseCliOptions([])).toEqual({
      host: '127.0.0.1',
      port: 27017,
      dataDir: 'data/mongodb',
      memory: false,
    });
  });

  it('reads host, port, data dir and memory', () => {
    expect(parseCliOptions(['--host', '0.0.0.0', '--port', '0', '--data-dir', '/tmp/m'])).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/tmp/m',
      memory: false,
    });
    expect(parseCliOptions(['--memory']).memory).toBe(true);
  });

  it.each([
    [['--nope']],
    [['--port', 'x']],
    [['--port', '70000']],
    [['--host']],
    [['--data-dir', '--memory']],
  ])('rejects %j with a usage error', (argv) => {
    expect(() => parseCliOptions(argv)).toThrow(CliUsageError);
  });
});
