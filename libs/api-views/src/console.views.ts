/**
 * What the console's backend answers (`/api/streams`, `/api/feed`, `/api/correlations`), as its
 * page reads it: positions and revisions as decimal strings, times as ISO 8601.
 */

/** An event as the page shows it. */
export interface EventView {
  eventId: string;
  eventType: string;
  streamId: string;
  revision: string;
  position: string;
  created: string;
  schemaVersion: number;
  /** Shown as its newest schema version, not as stored. */
  upcast: boolean;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** A stream in the streams list. */
export interface StreamSummaryView {
  streamId: string;
  events: number;
  lastRevision: string;
  lastPosition: string;
  lastChanged: string;
}
