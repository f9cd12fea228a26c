import { Injectable } from '@nestjs/common';
import { fromLong } from '@ledger/consumers-mongodb';
import { Db, type Long } from 'mongodb';

/**
 * How far the projections have come: their consumers' checkpoints (consumer name = read model
 * name). A read model without a checkpoint has applied nothing yet: position 0.
 */
@Injectable()
export class CheckpointPositions {
  constructor(private readonly db: Db) {}

  /** The lowest checkpoint of these read models: every one of them has applied the log up to it. */
  async lowest(readModels: readonly string[]): Promise<bigint> {
    const found = await this.db
      .collection<{ _id: string; position: Long }>('checkpoints')
      .find({ _id: { $in: [...readModels] } })
      .toArray();
    const positions = new Map(found.map((c) => [c._id, fromLong(c.position)]));
    return (
      readModels.reduce<bigint | undefined>((low, name) => {
        const position = positions.get(name) ?? 0n;
        return low === undefined || position < low ? position : low;
      }, undefined) ?? 0n
    );
  }
}
