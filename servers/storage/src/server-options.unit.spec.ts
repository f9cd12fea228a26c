import {
  ExitCode,
  integerFlag,
  parseServerOptions,
  usage,
  UsageError,
  type ServerCommandSpec,
} from './server-options.js';

const spec: ServerCommandSpec = {
  name: 'eventstore',
  defaultPort: 2113,
  portVariable: 'EVENTSTORE_PORT',
  extraFlags: { 'stats-interval-ms': { default: '300000', help: 'how often' } },
};

describe('a server command line', () => {
  it('defaults to 127.0.0.1, its own port and data/<name>', () => {
    expect(parseServerOptions([], {}, spec)).toEqual({
      host: '127.0.0.1',
      port: 2113,
      dataDir: 'data/eventstore',
      memory: false,
      help: false,
      extra: { 'stats-interval-ms': '300000' },
    });
  });

  it('reads DATA_DIR and its port variable when no flag is given', () => {
    const options = parseServerOptions(
      [],
      { DATA_DIR: '/srv/ledger', EVENTSTORE_PORT: '3113', MONGODB_PORT: '1' },
      spec,
    );
    expect(options).toMatchObject({ port: 3113, dataDir: '/srv/ledger/eventstore' });
  });

  it('lets flags win over the variables', () => {
    const argv = ['--host', '0.0.0.0', '--port', '0', '--data-dir', '/tmp/es', '--stats-interval-ms', '50'];
    const options = parseServerOptions(argv, { DATA_DIR: '/srv', EVENTSTORE_PORT: '3113' }, spec);
    expect(options).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/tmp/es',
      extra: { 'stats-interval-ms': '50' },
    });
    expect(integerFlag(options, 'stats-interval-ms')).toBe(50);
    expect(parseServerOptions(['--memory'], {}, spec).memory).toBe(true);
    expect(parseServerOptions(['--port=27018'], {}, spec).port).toBe(27018);
  });

  it.each([
    [['--bogus'], {}, /Unknown option '--bogus'/],
    [['--port', '70000'], {}, /Invalid --port '70000'/],
    [['--port', 'http'], {}, /Invalid --port 'http'/],
    [['--port=-1'], {}, /Invalid --port '-1'/],
    [['--host'], {}, /argument missing/],
    [['--data-dir', ''], {}, /Invalid --data-dir: empty/],
    [['extra'], {}, /Unexpected argument 'extra'/],
    [[], { EVENTSTORE_PORT: '2113x' }, /Invalid EVENTSTORE_PORT '2113x'/],
    [['--stats-interval-ms', '1.5'], {}, /Invalid --stats-interval-ms '1.5'/],
  ])('refuses %j %j with a usage error naming the culprit', (argv, env, reason) => {
    const parse = () => integerFlag(parseServerOptions(argv, env, spec), 'stats-interval-ms');
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(reason);
  });

  it('prints a usage that lists every flag, the variables and the exit codes', () => {
    const text = usage(spec);
    for (const part of [
      '--host',
      '--port',
      '--data-dir',
      '--memory',
      '--stats-interval-ms',
      '$EVENTSTORE_PORT',
      '$DATA_DIR',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(`${ExitCode.usage} bad usage`);
    expect(new Set(Object.values(ExitCode)).size).toBe(3);
  });
});
