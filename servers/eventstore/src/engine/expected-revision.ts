/** What an append or delete expects of its stream before it runs. */
export type ExpectedRevision =
  { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'exact'; revision: bigint };

/** The number the client's trailers use: -2 any, -1 no stream, -4 stream exists. */
export function expectedVersionNumber(expected: ExpectedRevision): bigint {
  switch (expected.kind) {
    case 'any':
      return -2n;
    case 'no_stream':
      return -1n;
    case 'stream_exists':
      return -4n;
    case 'exact':
      return expected.revision;
    default: {
      const unknown: never = expected;
      throw new Error(`Unknown expected revision ${JSON.stringify(unknown)}`);
    }
  }
}
