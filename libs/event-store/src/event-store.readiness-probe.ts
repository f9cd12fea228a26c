import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { Injectable } from '@nestjs/common';
import { ReadinessProbe } from '@ledger/http';

const PROBE_STREAM = 'ledger-readiness-probe';

/** Ready when the event store answers a one-event read within two seconds. */
@Injectable()
export class EventStoreReadinessProbe extends ReadinessProbe {
  readonly name = 'eventstore';

  constructor(private readonly client: EventStoreDBClient) {
    super();
  }

  async check(): Promise<void> {
    try {
      for await (const _ of this.client.readStream(PROBE_STREAM, { maxCount: 1, deadline: 2_000 })) break;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
}
