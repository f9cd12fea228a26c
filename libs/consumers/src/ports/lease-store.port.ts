export interface Lease {
  consumer: string;
  owner: string;
  expiresAt: number;
  renewedAt: number;
}

/**
 * One lease per consumer, and a heartbeat per running instance (so an instance that holds no lease
 * yet still counts when consumers are shared out). Times are the instances' clocks in ms.
 */
export abstract class LeaseStore {
  /** Takes the lease if it is free, expired or already ours; undefined when another owner holds it. */
  abstract acquire(consumer: string, owner: string, now: number, ttlMs: number): Promise<Lease | undefined>;
  /** Extends our lease; undefined when it is no longer ours (it expired and was taken). */
  abstract renew(consumer: string, owner: string, now: number, ttlMs: number): Promise<Lease | undefined>;
  abstract release(consumer: string, owner: string): Promise<void>;
  abstract list(): Promise<Lease[]>;
  abstract heartbeat(instance: string, now: number, ttlMs: number): Promise<void>;
  /** Instances whose heartbeat has not expired at `now`. */
  abstract liveInstances(now: number): Promise<string[]>;
  abstract leave(instance: string): Promise<void>;
}
