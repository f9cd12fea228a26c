import { CheckpointStore } from '../ports/checkpoint-store.port.js';
import { type Lease, LeaseStore } from '../ports/lease-store.port.js';
import {
  type ParkedAction,
  type ParkedEvent,
  ParkedEventStore,
  type ParkedQuery,
} from '../ports/parked-event-store.port.js';

export class InMemoryCheckpointStore extends CheckpointStore {
  readonly positions = new Map<string, bigint>();
  saves = 0;

  async load(consumer: string): Promise<bigint | undefined> {
    return this.positions.get(consumer);
  }

  async save(consumer: string, position: bigint): Promise<void> {
    this.saves++;
    this.positions.set(consumer, position);
  }
}

export class InMemoryParkedEventStore extends ParkedEventStore {
  private readonly entries = new Map<string, ParkedEvent>();

  async park(entries: readonly ParkedEvent[]): Promise<void> {
    for (const entry of entries) {
      const key = `${entry.consumer}\u0000${entry.eventId}`;
      if (!this.entries.has(key)) this.entries.set(key, { ...entry });
    }
  }

  async list(consumer: string, query: ParkedQuery = {}): Promise<ParkedEvent[]> {
    return this.of(consumer)
      .filter(
        (e) =>
          (query.stream === undefined || e.stream === query.stream) &&
          (query.after === undefined || e.position > query.after),
      )
      .slice(0, query.limit ?? Infinity)
      .map((e) => ({ ...e }));
  }

  async count(consumer: string): Promise<number> {
    return this.of(consumer).length;
  }

  async parkedStreams(consumer: string, limit: number): Promise<string[]> {
    return [...new Set(this.of(consumer).map((e) => e.stream))].slice(0, limit);
  }

  async whichParked(consumer: string, streams: readonly string[]): Promise<Set<string>> {
    const parked = new Set(this.of(consumer).map((e) => e.stream));
    return new Set(streams.filter((s) => parked.has(s)));
  }

  async remove(consumer: string, eventId: string): Promise<void> {
    this.entries.delete(`${consumer}\u0000${eventId}`);
  }

  async recordFailure(consumer: string, eventId: string, error: string, at: Date): Promise<void> {
    const entry = this.entries.get(`${consumer}\u0000${eventId}`);
    if (entry) Object.assign(entry, { error, attempts: entry.attempts + 1, parkedAt: at });
  }

  async request(consumer: string, stream: string, action: ParkedAction): Promise<boolean> {
    const head = this.of(consumer).find((e) => e.stream === stream);
    if (head) head.requested = action;
    return head !== undefined;
  }

  async requests(consumer: string): Promise<Array<{ stream: string; action: ParkedAction }>> {
    return this.of(consumer).flatMap((e) => (e.requested ? [{ stream: e.stream, action: e.requested }] : []));
  }

  async clearRequest(consumer: string, stream: string): Promise<void> {
    for (const e of this.of(consumer)) if (e.stream === stream) delete e.requested;
  }

  private of(consumer: string): ParkedEvent[] {
    return [...this.entries.values()]
      .filter((e) => e.consumer === consumer)
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }
}

export class InMemoryLeaseStore extends LeaseStore {
  readonly leases = new Map<string, Lease>();
  readonly instances = new Map<string, number>();

  async acquire(consumer: string, owner: string, now: number, ttlMs: number): Promise<Lease | undefined> {
    const held = this.leases.get(consumer);
    if (held && held.owner !== owner && held.expiresAt > now) return undefined;
    const lease = { consumer, owner, expiresAt: now + ttlMs, renewedAt: now };
    this.leases.set(consumer, lease);
    return { ...lease };
  }

  async renew(consumer: string, owner: string, now: number, ttlMs: number): Promise<Lease | undefined> {
    const held = this.leases.get(consumer);
    if (!held || held.owner !== owner) return undefined;
    Object.assign(held, { expiresAt: now + ttlMs, renewedAt: now });
    return { ...held };
  }

  async release(consumer: string, owner: string): Promise<void> {
    if (this.leases.get(consumer)?.owner === owner) this.leases.delete(consumer);
  }

  async list(): Promise<Lease[]> {
    return [...this.leases.values()].map((lease) => ({ ...lease }));
  }

  async heartbeat(instance: string, now: number, ttlMs: number): Promise<void> {
    this.instances.set(instance, now + ttlMs);
  }

  async liveInstances(now: number): Promise<string[]> {
    return [...this.instances].filter(([, expiresAt]) => expiresAt > now).map(([instance]) => instance);
  }

  async leave(instance: string): Promise<void> {
    this.instances.delete(instance);
  }
}
