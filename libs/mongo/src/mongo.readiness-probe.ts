import { Injectable } from '@nestjs/common';
import { ReadinessProbe } from '@ledger/http';
import { Db } from 'mongodb';

/** Ready when MongoDB answers a ping within two seconds. */
@Injectable()
export class MongoReadinessProbe extends ReadinessProbe {
  readonly name = 'mongodb';

  constructor(private readonly db: Db) {
    super();
  }

  async check(): Promise<void> {
    await this.db.command({ ping: 1 }, { timeoutMS: 2_000 });
  }
}
