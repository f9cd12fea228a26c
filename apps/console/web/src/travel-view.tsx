import type { EventView } from '@ledger/api-views';
import { EventRow } from './event-row';
import { api } from './operator-key';
import { routeHash } from './routes';
import { diffStates } from './state-diff';
import { useLoad } from './use-load';

type Travel = {
  revision: string;
  lastRevision: string;
  state: unknown;
  previousState: unknown;
  event: EventView | null;
};

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

/** The aggregate as it was at a revision, and what the event at that step changed. */
export function TravelView(p: { stream: string; revision: number; onRefused: () => void }) {
  const travel = useLoad(
    () => api<Travel>(`/api/streams/${encodeURIComponent(p.stream)}/time-travel?revision=${p.revision}`),
    [p.stream, p.revision],
    p.onRefused,
  );
  const go = (revision: number) =>
    (location.hash = routeHash({ view: 'travel', stream: p.stream, revision }));
  const data = travel.data;
  return (
    <section aria-labelledby="travel-title">
      <h2 id="travel-title">Time travel: {p.stream}</h2>
      <a href={routeHash({ view: 'stream', stream: p.stream, from: 0, raw: false })}>Back to the events</a>
      {travel.error && <p role="alert">{travel.error}</p>}
      {data && (
        <>
          <label for="revision">
            Revision <output id="revision-shown">{data.revision}</output> of {data.lastRevision}
          </label>
          <input
            id="revision"
            type="range"
            min={0}
            max={Number(data.lastRevision)}
            value={Number(data.revision)}
            onChange={(e) => go(Number(e.currentTarget.value))}
          />
          <h3>What this step changed</h3>
          {data.event && (
            <ol class="events">
              <EventRow event={data.event} />
            </ol>
          )}
          <table class="changes">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {diffStates(data.previousState, data.state).map((c) => (
                <tr key={c.path}>
                  <th scope="row">{c.path}</th>
                  <td>{show(c.before)}</td>
                  <td>{show(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>State at revision {data.revision}</h3>
          <pre data-testid="state">{JSON.stringify(data.state, null, 2)}</pre>
        </>
      )}
    </section>
  );
}
