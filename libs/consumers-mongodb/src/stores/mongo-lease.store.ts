import { type Lease, LeaseStore } from '@ledger/consumers';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../mongo-errors.js';

interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
  renewedAt: Date;
}

interface InstanceDocument {
  _id: string;
  expiresAt: Date;
}

const toLease = (doc: LeaseDocument): Lease => ({
  consumer: doc._id,
  owner: doc.owner,
  expiresAt: doc.expiresAt.getTime(),
  renewedAt: doc.renewedAt.getTime(),
});

/**
 * `consumer_leases` (one per consumer: owner, expiry, last renewal) and `consumer_instances` (a
 * heartbeat per projector process). Taking a lease is one conditional upsert: it matches only a
 * lease that is ours or expired, and a held one makes the upsert collide on `_id`. Expiry is judged
 * on the callers' clocks: keep them in sync to well under the TTL.
 */
export class MongoLeaseStore extends LeaseStore {
  private readonly leases: Collection<LeaseDocument>;
  private readonly instances: Collection<InstanceDocument>;

  constructor(db: Db, names: { leases?: string; instances?: string } = {}) {
    super();
    this.leases = db.collection<LeaseDocument>(names.leases ?? 'consumer_leases');
    this.instances = db.collection<InstanceDocument>(names.instances ?? 'consumer_instances');
  }

  async acquire(consumer: string, owner: string, now: number, ttlMs: number): Promise<Lease | undefined> {
    try {
      const doc = await this.leases.findOneAndUpdate(
        { _id: consumer, $or: [{ owner }, { expiresAt: { $lte: new Date(now) } }] },
        { $set: { owner, expiresAt: new Date(now + ttlMs), renewedAt: new Date(now) } },
        { upsert: true, returnDocument: 'after' },
      );
      return doc ? toLease(doc) : undefined;
    } catch (error) {
      if (isDuplicateKey(error as { code?: unknown })) return undefined;
      throw error;
    }
  }

  async renew(consumer: string, owner: string, now: number, ttlMs: number): Promise<Lease | undefined> {
    const doc = await this.leases.findOneAndUpdate(
      { _id: consumer, owner },
      { $set: { expiresAt: new Date(now + ttlMs), renewedAt: new Date(now) } },
      { returnDocument: 'after' },
    );
    return doc ? toLease(doc) : undefined;
  }

  async release(consumer: string, owner: string): Promise<void> {
    await this.leases.deleteOne({ _id: consumer, owner });
  }

  async list(): Promise<Lease[]> {
    return (await this.leases.find().toArray()).map(toLease);
  }

  async heartbeat(instance: string, now: number, ttlMs: number): Promise<void> {
    await this.instances.updateOne(
      { _id: instance },
      { $set: { expiresAt: new Date(now + ttlMs) } },
      { upsert: true },
    );
  }

  async liveInstances(now: number): Promise<string[]> {
    return (await this.instances.find({ expiresAt: { $gt: new Date(now) } }).toArray()).map((doc) => doc._id);
  }

  async leave(instance: string): Promise<void> {
    await this.instances.deleteOne({ _id: instance });
  }
}
