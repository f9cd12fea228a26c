import type { EventFilter } from '../engine/event-filter.js';
import type { Direction } from '../engine/event-reader.js';
import type { StreamsPb } from './generated-code.js';
import { streamsPb } from './generated-code.js';
import type { UuidFormat } from './read-responses.js';
import { decodeStreamName, parseUnsigned } from './request-decoding.js';
import { invalidArgumentError, RequestError } from './status-errors.js';

export type ReadFrom = bigint | 'start' | 'end';

export type ReadSource =
  { kind: 'stream'; streamName: string; from: ReadFrom } | { kind: 'all'; from: ReadFrom };

export interface ReadRequest {
  source: ReadSource;
  direction: Direction;
  resolveLinks: boolean;
  /** A number of events, or a subscription (catch-up, then live). */
  count: number | 'subscription';
  filter: EventFilter | undefined;
  /** Filtered `$all` subscriptions send a checkpoint every this many events examined. */
  checkpointInterval: number;
  uuidFormat: UuidFormat;
}

const CHECKPOINT_BASE_INTERVAL = 32;

export function decodeReadRequest(request: StreamsPb.ReadReq): ReadRequest {
  const options = request.getOptions();
  if (!options) throw new RequestError(invalidArgumentError('A read needs options'));
  const filterOptions = options.getFilter();
  const window = filterOptions?.hasMax() ? filterOptions.getMax() : CHECKPOINT_BASE_INTERVAL;
  const multiplier = filterOptions?.getCheckpointintervalmultiplier() || 1;
  return {
    source: decodeSource(options),
    direction:
      options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS
        ? 'backwards'
        : 'forwards',
    resolveLinks: options.getResolveLinks(),
    count: options.hasSubscription() ? 'subscription' : countOf(options),
    filter: filterOptions ? decodeFilter(filterOptions) : undefined,
    checkpointInterval: Math.max(1, window * multiplier),
    uuidFormat: options.getUuidOption()?.hasStructured() ? 'structured' : 'string',
  };
}

function decodeSource(options: StreamsPb.ReadReq.Options): ReadSource {
  const stream = options.getStream();
  if (stream) {
    const from: ReadFrom = stream.hasRevision()
      ? parseUnsigned(stream.getRevision(), 'revision')
      : stream.hasEnd()
        ? 'end'
        : 'start';
    return { kind: 'stream', streamName: decodeStreamName(stream.getStreamIdentifier()), from };
  }
  const all = options.getAll();
  if (!all) throw new RequestError(invalidArgumentError('A read needs a stream or $all'));
  const position = all.getPosition();
  if (position) return { kind: 'all', from: parseUnsigned(position.getCommitPosition(), 'commit position') };
  return { kind: 'all', from: all.hasEnd() ? 'end' : 'start' };
}

function countOf(options: StreamsPb.ReadReq.Options): number {
  const count = parseUnsigned(options.getCount() || '0', 'count');
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function decodeFilter(options: StreamsPb.ReadReq.Options.FilterOptions): EventFilter {
  const streamExpression = options.getStreamIdentifier();
  const expression = streamExpression ?? options.getEventType();
  if (!expression)
    throw new RequestError(invalidArgumentError('A filter needs a stream or event type expression'));
  const source = expression.getRegex();
  let regex: RegExp | undefined;
  try {
    regex = source ? new RegExp(source) : undefined;
  } catch {
    throw new RequestError(invalidArgumentError(`Invalid filter regex '${source}'`));
  }
  return { on: streamExpression ? 'stream' : 'type', prefixes: expression.getPrefixList(), regex };
}
