import { Injectable } from '@nestjs/common';
import { ReadModelVersions } from '@ledger/consumers-mongodb';
import { type Collection, Db, type Document } from 'mongodb';

/** Long enough to spare MongoDB a lookup per request, short enough that a rebuild's switch shows at once. */
export const ALIAS_CACHE_MS = 1_000;

/**
 * Each read model's serving collection, resolved through its alias (`read_model_versions`), so
 * a blue-green rebuild's switch is picked up without a restart.
 */
@Injectable()
export class ReadModelCollections {
  private readonly versions: ReadModelVersions;
  private readonly cached = new Map<string, { name: Promise<string>; until: number }>();

  constructor(private readonly db: Db) {
    this.versions = new ReadModelVersions(db);
  }

  async collection<D extends Document>(readModel: string): Promise<Collection<D>> {
    const now = Date.now();
    let entry = this.cached.get(readModel);
    if (!entry || entry.until <= now) {
      entry = { name: this.versions.current(readModel), until: now + ALIAS_CACHE_MS };
      this.cached.set(readModel, entry);
      // A failed lookup must not be served from the cache for a second.
      entry.name.catch(() => this.cached.delete(readModel));
    }
    return this.db.collection<D>(await entry.name);
  }
}
