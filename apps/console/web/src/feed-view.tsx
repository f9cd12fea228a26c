import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventView } from '@ledger/api-views';
import { EventRow } from './event-row';
import { KeyRefusedError, operatorKey } from './operator-key';
import { ServerSentEventParser } from './server-sent-events';

/** Events kept on screen; older ones scroll away. */
const SHOWN = 200;

/** `$all` live; paused, it closes the feed and resumes after the last event it showed. */
export function FeedView({ onRefused }: { onRefused: () => void }) {
  const [events, setEvents] = useState<EventView[]>([]);
  const [paused, setPaused] = useState(false);
  const [problem, setProblem] = useState<string>();
  const lastId = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (paused) return;
    const abort = new AbortController();
    void follow(abort.signal).catch((error: Error) => {
      if (abort.signal.aborted) return;
      if (error instanceof KeyRefusedError) onRefused();
      else setProblem(error.message);
    });
    return () => abort.abort();
  }, [paused]);

  async function follow(signal: AbortSignal) {
    const after = lastId.current ? `?after=${encodeURIComponent(lastId.current)}` : '';
    const response = await fetch(`/api/feed${after}`, {
      headers: { authorization: `Bearer ${operatorKey.get() ?? ''}` },
      signal,
    });
    if (response.status === 401 || response.status === 403) throw new KeyRefusedError('refused');
    if (!response.ok || !response.body) throw new Error(`The feed answered ${response.status}`);
    setProblem(undefined);
    const parser = new ServerSentEventParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const received = parser.push(value).filter((e) => e.event === 'event');
      if (received.length === 0) continue;
      lastId.current = received.at(-1)!.id;
      const views = received.map((e) => JSON.parse(e.data) as EventView);
      setEvents((shown) => [...views.reverse(), ...shown].slice(0, SHOWN));
    }
  }

  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">Live: $all</h2>
      <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
        {paused ? 'Resume' : 'Pause'}
      </button>{' '}
      <span aria-live="polite">{paused ? 'Paused' : 'Following'}</span>
      {problem && <p role="alert">{problem}</p>}
      <ol class="events" aria-label="Newest first">
        {events.map((e) => (
          <EventRow key={e.eventId} event={e} showStream />
        ))}
      </ol>
    </section>
  );
}
