/** What the projectors' operator endpoints answer (apps/projectors DTOs), as the CLI reads it. */
export interface ConsumerStatusView {
  consumer: string;
  state: string;
  owner?: string;
  position?: string;
  headPosition?: string;
  lagEvents: number;
  lagSeconds?: number;
  handled: number;
  parked: number;
  lastError?: { message: string; at: string };
}

export interface ParkedEventView {
  consumer: string;
  stream: string;
  eventId: string;
  position: string;
  revision: string;
  type: string;
  reason: string;
  error?: string;
  attempts: number;
  parkedAt: string;
  requested?: string;
}

export interface RebuildView {
  id: string;
  readModel: string;
  state: 'running' | 'switching' | 'done' | 'cancelled' | 'failed';
  collection: string;
  previousCollection: string;
  handled: number;
  eventsPerSecond: number;
  position?: string;
  targetPosition?: string;
  progress: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export const FINISHED: ReadonlySet<RebuildView['state']> = new Set(['done', 'cancelled', 'failed']);
