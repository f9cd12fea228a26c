import type { EventView } from '@ledger/api-views';
import { routeHash } from './routes';

const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** One event: its place, type and version, and its data and metadata when opened. */
export function EventRow({ event, showStream = false }: { event: EventView; showStream?: boolean }) {
  const correlationId = event.metadata.correlationId;
  return (
    <li class="event">
      <details>
        <summary>
          <span class="rev">#{event.revision}</span> <strong>{event.eventType}</strong>{' '}
          <span class="muted">
            v{event.schemaVersion}
            {event.upcast ? ' (upcast)' : ''}
          </span>{' '}
          {showStream && (
            <a href={routeHash({ view: 'stream', stream: event.streamId, from: 0, raw: false })}>
              {event.streamId}
            </a>
          )}{' '}
          <time dateTime={event.created}>{time(event.created)}</time>{' '}
          <span class="muted">@{event.position}</span>
        </summary>
        <h4>data</h4>
        <pre>{JSON.stringify(event.data, null, 2)}</pre>
        <h4>metadata</h4>
        <pre>{JSON.stringify(event.metadata, null, 2)}</pre>
        {typeof correlationId === 'string' && (
          <a href={routeHash({ view: 'correlation', correlationId })}>Correlation {correlationId}</a>
        )}
      </details>
    </li>
  );
}
