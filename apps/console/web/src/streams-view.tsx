import { useState } from 'preact/hooks';
import type { StreamSummaryView } from '@ledger/api-views';
import { api } from './operator-key';
import { routeHash } from './routes';
import { useLoad } from './use-load';

type Listing = { streams: StreamSummaryView[]; truncated: boolean };

/** Streams by prefix, with their event counts and last change. */
export function StreamsView({ prefix, onRefused }: { prefix: string; onRefused: () => void }) {
  const [draft, setDraft] = useState(prefix);
  const listing = useLoad(
    () => api<Listing>(`/api/streams?prefix=${encodeURIComponent(prefix)}`),
    [prefix],
    onRefused,
  );
  return (
    <section aria-labelledby="streams-title">
      <h2 id="streams-title">Streams</h2>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = routeHash({ view: 'streams', prefix: draft });
        }}
      >
        <label for="prefix">Stream name starts with</label>{' '}
        <input id="prefix" name="prefix" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />{' '}
        <button type="submit">Search</button>
      </form>
      {listing.error && <p role="alert">{listing.error}</p>}
      {listing.loading && <p aria-live="polite">Loading…</p>}
      {listing.data && (
        <>
          <p aria-live="polite">
            {listing.data.streams.length} streams
            {listing.data.truncated ? ' (more exist: narrow the prefix)' : ''}
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Stream</th>
                  <th scope="col">Events</th>
                  <th scope="col">Last change</th>
                  <th scope="col">Position</th>
                </tr>
              </thead>
              <tbody>
                {listing.data.streams.map((s) => (
                  <tr key={s.streamId}>
                    <td>
                      <a href={routeHash({ view: 'stream', stream: s.streamId, from: 0, raw: false })}>
                        {s.streamId}
                      </a>
                    </td>
                    <td class="num">{s.events}</td>
                    <td>
                      <time dateTime={s.lastChanged}>{s.lastChanged.replace('T', ' ').slice(0, 19)}</time>
                    </td>
                    <td class="num">{s.lastPosition}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
