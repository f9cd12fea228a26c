import type { EventView } from '@ledger/api-views';
import { EventRow } from './event-row';
import { api } from './operator-key';
import { routeHash } from './routes';
import { useLoad } from './use-load';

type Page = { streamId: string; lastRevision: string; events: EventView[] };
/** A page of events: a stream of 10,000 opens as fast as one of 100. */
export const PAGE_SIZE = 100;

/** One stream's events, a page at a time, upcast or as stored. */
export function StreamView(p: { stream: string; from: number; raw: boolean; onRefused: () => void }) {
  const page = useLoad(
    () =>
      api<Page>(
        `/api/streams/${encodeURIComponent(p.stream)}/events?from=${p.from}&limit=${PAGE_SIZE}&raw=${p.raw}`,
      ),
    [p.stream, p.from, p.raw],
    p.onRefused,
  );
  const at = (from: number, raw = p.raw) => routeHash({ view: 'stream', stream: p.stream, from, raw });
  const last = page.data ? Number(page.data.lastRevision) : 0;
  return (
    <section aria-labelledby="stream-title">
      <h2 id="stream-title">{p.stream}</h2>
      <nav aria-label="Stream" class="toolbar">
        <a href={routeHash({ view: 'travel', stream: p.stream, revision: 0 })}>Time travel</a>
        <a href={at(p.from, !p.raw)}>{p.raw ? 'Show upcast' : 'Show as stored'}</a>
      </nav>
      {page.error && <p role="alert">{page.error}</p>}
      {page.data && (
        <>
          <p aria-live="polite">
            Revisions {p.from}–{Math.min(p.from + PAGE_SIZE - 1, last)} of {last + 1} events
            {p.raw ? ', as stored' : ', upcast'}
          </p>
          <ol class="events">
            {page.data.events.map((e) => (
              <EventRow key={e.eventId} event={e} />
            ))}
          </ol>
          <nav aria-label="Pages" class="toolbar">
            {p.from > 0 && <a href={at(Math.max(0, p.from - PAGE_SIZE))}>Previous page</a>}
            {p.from + PAGE_SIZE <= last && <a href={at(p.from + PAGE_SIZE)}>Next page</a>}
            {last >= PAGE_SIZE && <a href={at(Math.floor(last / PAGE_SIZE) * PAGE_SIZE)}>Last page</a>}
          </nav>
        </>
      )}
    </section>
  );
}
