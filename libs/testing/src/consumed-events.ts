import type { LedgerEvent } from '@ledger/domain';

/** What a consumer receives for an event: where it sits in its stream and in `$all`. */
export type ConsumedLedgerEvent = {
  id: string;
  stream: string;
  revision: bigint;
  position: bigint;
  recordedAt: Date;
  event: LedgerEvent;
  metadata: Readonly<Record<string, unknown>>;
};

const streamOf = (event: LedgerEvent): string =>
  'accountId' in event.data ? `account-${event.data.accountId}` : `transfer-${event.data.transferId}`;

/** Events as `$all` would deliver them, in the order given: revisions per stream, positions rising. */
export function consumedInOrder(events: LedgerEvent[], firstPosition = 100n): ConsumedLedgerEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map((event, index) => {
    const stream = streamOf(event);
    const revision = revisions.get(stream) ?? 0n;
    revisions.set(stream, revision + 1n);
    return {
      id: `event-${index}`,
      stream,
      revision,
      position: firstPosition + BigInt(index) * 100n,
      recordedAt: new Date(0),
      event,
      metadata: {},
    };
  });
}
