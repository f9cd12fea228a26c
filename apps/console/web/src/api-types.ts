/** What the console's backend answers (apps/console/src), as the page reads it. */
export interface EventView {
  eventId: string;
  eventType: string;
  streamId: string;
  revision: string;
  position: string;
  created: string;
  schemaVersion: number;
  upcast: boolean;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface StreamSummaryView {
  streamId: string;
  events: number;
  lastRevision: string;
  lastPosition: string;
  lastChanged: string;
}

export interface ConsumerStatusView {
  consumer: string;
  state: string;
  owner?: string;
  position?: string;
  headPosition?: string;
  lagEvents: number;
  lagSeconds?: number;
  parked: number;
  stalled: boolean;
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
  data: unknown;
}

export interface RebuildView {
  id: string;
  readModel: string;
  state: 'running' | 'switching' | 'done' | 'cancelled' | 'failed';
  handled: number;
  eventsPerSecond: number;
  progress: number;
  error?: string;
}
