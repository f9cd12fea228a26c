/** Options of `npm run mongodb -- --host H --port P --data-dir D | --memory`. */
export interface CliOptions {
  host: string;
  port: number;
  dataDir: string;
  memory: boolean;
}

export class CliUsageError extends Error {}

export const USAGE =
  'usage: npm run mongodb -- [--host 127.0.0.1] [--port 27017] [--data-dir data/mongodb | --memory]';

export function parseCliOptions(argv: string[]): CliOptions {
  const options: CliOptions = { host: '127.0.0.1', port: 27017, dataDir: 'data/mongodb', memory: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new CliUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--host':
        options.host = value();
        break;
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliUsageError(`invalid port: ${argv[i]}`);
        options.port = port;
        break;
      }
      case '--data-dir':
        options.dataDir = value();
        break;
      case '--memory':
        options.memory = true;
        break;
      default:
        throw new CliUsageError(`unknown option: ${flag}`);
    }
  }
  return options;
}
