import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  eventTypeFilter,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { InvalidRequestError, toLoggedEvent } from '@ledger/event-log';
import type { CliIo } from '../output/cli-io.js';
import { toJson } from '../output/cli-io.js';

/** Prints events as they are written to $all (filtered on the server) until Ctrl-C. */
export async function tailEvents(
  client: EventStoreDBClient,
  io: CliIo,
  o: { typePrefix?: string; streamPrefix?: string; json?: boolean },
): Promise<void> {
  if (o.typePrefix !== undefined && o.streamPrefix !== undefined) {
    throw new InvalidRequestError(
      'the event store filters on one of --type-prefix or --stream-prefix, not both',
    );
  }
  const filter =
    o.typePrefix !== undefined
      ? eventTypeFilter({ prefixes: [o.typePrefix] })
      : o.streamPrefix !== undefined
        ? streamNameFilter({ prefixes: [o.streamPrefix] })
        : eventTypeFilter({ regex: '^[^$]' });
  // From the head read now, not END: every event written after "Following" is printed.
  let head: { commit: bigint; prepare: bigint } | undefined;
  for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
    head = event?.position;
  const subscription = client.subscribeToAll({ fromPosition: head ?? START, filter });
  const failed = new Promise<never>((_resolve, reject) => subscription.on('error', reject));
  subscription.on('data', (resolved) => {
    if (!resolved.event || resolved.event.streamId.startsWith('$')) return;
    const e = toLoggedEvent(resolved, false);
    io.stdout.write(
      o.json
        ? `${toJson(e)}\n`
        : `${e.position.commit}  ${e.streamId}@${e.revision}  ${e.eventType} v${e.schemaVersion}  ${toJson(e.data)}\n`,
    );
  });
  io.stderr.write('Following $all; Ctrl-C to stop.\n');
  try {
    await Promise.race([io.interrupted, failed]);
  } finally {
    await subscription.unsubscribe();
  }
}
