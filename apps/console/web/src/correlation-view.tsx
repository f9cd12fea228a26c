import type { EventView } from '@ledger/api-views';
import { type CauseNode, causationTree } from './causation-tree';
import { EventRow } from './event-row';
import { api } from './operator-key';
import { useLoad } from './use-load';

type Correlation = { correlationId: string; truncated: boolean; events: EventView[] };

function Causes({ nodes }: { nodes: CauseNode[] }) {
  return (
    <ul class="tree">
      {nodes.map((node) => (
        <li key={node.event.eventId}>
          <ol class="events">
            <EventRow event={node.event} showStream />
          </ol>
          {node.children.length > 0 && <Causes nodes={node.children} />}
        </li>
      ))}
    </ul>
  );
}

/** Every event of one correlation, across streams, as a tree of causes. */
export function CorrelationView(p: { correlationId: string; onRefused: () => void }) {
  const found = useLoad(
    () => api<Correlation>(`/api/correlations/${encodeURIComponent(p.correlationId)}`),
    [p.correlationId],
    p.onRefused,
  );
  return (
    <section aria-labelledby="correlation-title">
      <h2 id="correlation-title">Correlation {p.correlationId}</h2>
      {found.error && <p role="alert">{found.error}</p>}
      {found.loading && <p aria-live="polite">Reading $all…</p>}
      {found.data && (
        <>
          <p aria-live="polite">
            {found.data.events.length} events{found.data.truncated ? ' (the first 1,000 only)' : ''}
          </p>
          <Causes nodes={causationTree(found.data.events)} />
        </>
      )}
    </section>
  );
}
