import { parseRoute, type Route, routeHash } from './routes';

describe('deep links', () => {
  it.each<Route>([
    { view: 'streams', prefix: 'transfer-' },
    { view: 'stream', stream: 'account-0b7e/x?y', from: 200, raw: true },
    { view: 'stream', stream: 'account-1', from: 0, raw: false },
    { view: 'travel', stream: 'account-1', revision: 2 },
    { view: 'correlation', correlationId: 'c-42' },
    { view: 'projections' },
    { view: 'feed' },
  ])('round-trips %o through the hash', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('opens the account streams for an empty, unknown or incomplete hash', () => {
    for (const hash of ['', '#', '#/nowhere', '#/stream/', '#/travel']) {
      expect(parseRoute(hash)).toEqual({ view: 'streams', prefix: 'account-' });
    }
  });

  it('ignores numbers that are not revisions', () => {
    expect(parseRoute('#/stream/a?from=-3')).toMatchObject({ from: 0 });
    expect(parseRoute('#/travel/a?revision=1e9')).toMatchObject({ revision: 0 });
  });
});
