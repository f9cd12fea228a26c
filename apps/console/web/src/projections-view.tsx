import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ConsumerStatusView, ParkedEventView, RebuildView } from '@ledger/api-views';
import { chartPoints, LagHistory, type LagSample } from './lag-history';
import { api, KeyRefusedError } from './operator-key';

const POLL_MS = 2_000;
const FINISHED = new Set(['done', 'cancelled', 'failed']);

function LagChart({ samples }: { samples: readonly LagSample[] }) {
  return (
    <svg
      class="chart"
      viewBox="0 0 150 40"
      width="150"
      height="40"
      role="img"
      aria-label="Lag in events, last five minutes"
    >
      <polyline
        points={chartPoints(samples, (s) => s.lagEvents, 150, 40)}
        fill="none"
        stroke="currentColor"
      />
    </svg>
  );
}

/** Consumers with their lag over the last minutes, parked events, and blue-green rebuilds. */
export function ProjectionsView({ onRefused }: { onRefused: () => void }) {
  const history = useMemo(() => new LagHistory(), []);
  const [consumers, setConsumers] = useState<ConsumerStatusView[]>([]);
  const [parked, setParked] = useState<ParkedEventView[]>([]);
  const [rebuild, setRebuild] = useState<RebuildView>();
  const [problem, setProblem] = useState<string>();
  const [tick, setTick] = useState(0);

  const fail = (error: Error) => (error instanceof KeyRefusedError ? onRefused() : setProblem(error.message));

  useEffect(() => {
    let live = true;
    const poll = async () => {
      const status = await api<{ consumers: ConsumerStatusView[] }>('/api/projections');
      const now = Date.now();
      for (const c of status.consumers)
        history.record(c.consumer, { at: now, lagEvents: c.lagEvents, lagSeconds: c.lagSeconds ?? 0 });
      const pages = await Promise.all(
        status.consumers
          .filter((c) => c.parked > 0)
          .map((c) =>
            api<{ items: ParkedEventView[] }>(`/api/parked?consumer=${encodeURIComponent(c.consumer)}`),
          ),
      );
      if (!live) return;
      setConsumers(status.consumers);
      setParked(pages.flatMap((p) => p.items));
      setProblem(undefined);
    };
    const timer = setInterval(() => poll().catch(fail), POLL_MS);
    poll().catch(fail);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [tick]);

  useEffect(() => {
    if (!rebuild || FINISHED.has(rebuild.state)) return;
    const timer = setTimeout(
      () => api<RebuildView>(`/api/rebuilds/${encodeURIComponent(rebuild.id)}`).then(setRebuild, fail),
      500,
    );
    return () => clearTimeout(timer);
  }, [rebuild]);

  const act = (p: ParkedEventView, action: 'retry' | 'skip') =>
    api(`/api/parked/${encodeURIComponent(p.consumer)}/${encodeURIComponent(p.stream)}/${action}`, {
      method: 'POST',
    }).then(() => setTick((t) => t + 1), fail);
  const startRebuild = (readModel: string) =>
    api<RebuildView>('/api/rebuilds', { method: 'POST', body: JSON.stringify({ readModel }) }).then(
      setRebuild,
      fail,
    );

  return (
    <section aria-labelledby="projections-title">
      <h2 id="projections-title">Projections</h2>
      {problem && <p role="alert">{problem}</p>}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Consumer</th>
              <th scope="col">Position</th>
              <th scope="col">Lag (events)</th>
              <th scope="col">Lag (s)</th>
              <th scope="col">Last minutes</th>
              <th scope="col">Owner</th>
              <th scope="col">State</th>
              <th scope="col">Parked</th>
              <th scope="col">Rebuild</th>
            </tr>
          </thead>
          <tbody>
            {consumers.map((c) => (
              <tr key={c.consumer}>
                <th scope="row">{c.consumer}</th>
                <td class="num">{c.position ?? '—'}</td>
                <td class="num">{c.lagEvents}</td>
                <td class="num">{c.lagSeconds ?? 0}</td>
                <td>
                  <LagChart samples={history.samples(c.consumer)} />
                </td>
                <td>{c.owner ?? '—'}</td>
                <td class={c.stalled ? 'bad' : ''}>{c.stalled ? 'stalled' : c.state}</td>
                <td class="num">{c.parked}</td>
                <td>
                  {c.consumer !== 'transfer-workflow' && (
                    <button type="button" onClick={() => startRebuild(c.consumer)}>
                      Rebuild {c.consumer}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rebuild && (
        <p aria-live="polite" data-testid="rebuild">
          Rebuild of {rebuild.readModel}: {rebuild.state}, {Math.round(rebuild.progress * 100)}%,{' '}
          {rebuild.handled} events
          {rebuild.error ? ` (${rebuild.error})` : ''}
          {!FINISHED.has(rebuild.state) && (
            <>
              {' '}
              <button
                type="button"
                onClick={() =>
                  api(`/api/rebuilds/${encodeURIComponent(rebuild.id)}`, { method: 'DELETE' }).catch(fail)
                }
              >
                Cancel
              </button>
            </>
          )}
        </p>
      )}
      <h3>Parked events</h3>
      {parked.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul class="parked">
          {parked.map((p) => (
            <li key={`${p.consumer}/${p.eventId}`}>
              <strong>{p.consumer}</strong> {p.stream} #{p.revision} {p.type} — {p.reason}
              {p.error ? `: ${p.error}` : ''} ({p.attempts} attempts)
              {p.requested ? `, ${p.requested} requested` : ''}{' '}
              {p.reason !== 'behind-parked' && (
                <>
                  <button type="button" onClick={() => act(p, 'retry')}>
                    Retry
                  </button>{' '}
                  <button type="button" onClick={() => act(p, 'skip')}>
                    Skip
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
