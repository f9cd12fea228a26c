import { Injectable } from '@nestjs/common';
import { fromLong } from '@ledger/consumers-mongodb';
import { Db, type Long } from 'mongodb';

/**
 * How far the projections have come: their consumers' checkpoints (consumer name = read model
 * name). A read model without a checkpoint has applied nothing yet: position 0.
 */
@Injectable()
export class CheckpointPositions {
  /**
   * Reads in flight, by set of read models (one per endpoint, so few): requests arriving while one
   * runs share it. Its answer is still a position every one of them has passed, since checkpoints
   * only move forward, and under load MongoDB sees one checkpoint read at a time, not one per request.
   */
  private readonly inFlight = new Map<string, Promise<ReadonlyMap<string, bigint>>>();

  constructor(private readonly db: Db) {}

  /** The lowest checkpoint of these read models: every one of them has applied the log up to it. */
  async lowest(readModels: readonly string[]): Promise<bigint> {
    const key = readModels.join('\n');
    let reading = this.inFlight.get(key);
    if (!reading) {
      reading = this.read(readModels).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, reading);
    }
    return lowestOf(await reading, readModels);
  }

  /** Checkpoints by read model, for several waiting requests at once. */
  async read(readModels: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    const found = await this.db
      .collection<{ _id: string; position: Long }>('checkpoints')
      .find({ _id: { $in: [...readModels] } })
      .toArray();
    return new Map(found.map((c) => [c._id, fromLong(c.position)]));
  }
}

export function lowestOf(positions: ReadonlyMap<string, bigint>, readModels: readonly string[]): bigint {
  const each = readModels.map((name) => positions.get(name) ?? 0n);
  return each.reduce((low, position) => (position < low ? position : low), each[0] ?? 0n);
}
