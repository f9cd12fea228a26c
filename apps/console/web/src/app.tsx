import { useEffect, useState } from 'preact/hooks';
import { CorrelationView } from './correlation-view';
import { FeedView } from './feed-view';
import { operatorKey } from './operator-key';
import { ProjectionsView } from './projections-view';
import { parseRoute, type Route, routeHash } from './routes';
import { StreamView } from './stream-view';
import { StreamsView } from './streams-view';
import { TravelView } from './travel-view';

function KeyForm({ onKey, refused }: { onKey: () => void; refused: boolean }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="key"
      onSubmit={(e) => {
        e.preventDefault();
        operatorKey.set(key.trim());
        onKey();
      }}
    >
      <h2>Operator key</h2>
      {refused && <p role="alert">That key was refused: it is not an operator key.</p>}
      <label for="operator-key">Key (kept in this tab only)</label>{' '}
      <input
        id="operator-key"
        type="password"
        autoComplete="off"
        required
        value={key}
        onInput={(e) => setKey(e.currentTarget.value)}
      />{' '}
      <button type="submit">Open the console</button>
    </form>
  );
}

function View({ route, onRefused }: { route: Route; onRefused: () => void }) {
  switch (route.view) {
    case 'streams':
      return <StreamsView prefix={route.prefix} onRefused={onRefused} />;
    case 'stream':
      return <StreamView {...route} onRefused={onRefused} />;
    case 'travel':
      return <TravelView {...route} onRefused={onRefused} />;
    case 'correlation':
      return <CorrelationView correlationId={route.correlationId} onRefused={onRefused} />;
    case 'projections':
      return <ProjectionsView onRefused={onRefused} />;
    case 'feed':
      return <FeedView onRefused={onRefused} />;
  }
}

export function App() {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  const [hasKey, setHasKey] = useState(() => operatorKey.get() !== null);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const links: Array<[string, Route]> = [
    ['Accounts', { view: 'streams', prefix: 'account-' }],
    ['Transfers', { view: 'streams', prefix: 'transfer-' }],
    ['Live feed', { view: 'feed' }],
    ['Projections', { view: 'projections' }],
  ];
  return (
    <>
      <header>
        <h1>Ledger console</h1>
        <nav aria-label="Views">
          {links.map(([label, target]) => (
            <a
              key={label}
              href={routeHash(target)}
              aria-current={routeHash(target) === routeHash(route) ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
          {hasKey && (
            <button type="button" onClick={() => (operatorKey.clear(), setHasKey(false))}>
              Forget key
            </button>
          )}
        </nav>
      </header>
      <main>
        {hasKey ? (
          <View route={route} onRefused={() => (setHasKey(false), setRefused(true))} />
        ) : (
          <KeyForm refused={refused} onKey={() => (setHasKey(true), setRefused(false))} />
        )}
      </main>
    </>
  );
}
