import { InvalidArgumentError } from 'commander';
import type { CliSettings } from '../config/cli.config.js';
import type { CliIo } from '../output/cli-io.js';

/** What every command's action gets: validated settings, where to write, and one error path. */
export interface CliContext {
  run(action: (settings: CliSettings, io: CliIo) => Promise<void>): Promise<void>;
}

export const integerOption = (value: string): number => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
};

export const revisionOption = (value: string): bigint => {
  if (!/^\d{1,19}$/.test(value)) throw new InvalidArgumentError('expected a revision (a whole number)');
  return BigInt(value);
};

export const positionOption = (value: string): bigint => {
  if (!/^\d{1,20}$/.test(value))
    throw new InvalidArgumentError('expected a commit position (a whole number)');
  return BigInt(value);
};

export const timeOption = (value: string): Date => {
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time.getTime()))
    throw new InvalidArgumentError('expected an ISO-8601 time');
  return time;
};
