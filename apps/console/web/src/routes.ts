/** Every view has a deep link: the hash holds the view and its arguments, never the key. */
export type Route =
  | { view: 'streams'; prefix: string }
  | { view: 'stream'; stream: string; from: number; raw: boolean }
  | { view: 'travel'; stream: string; revision: number }
  | { view: 'correlation'; correlationId: string }
  | { view: 'projections' }
  | { view: 'feed' };

const DEFAULT: Route = { view: 'streams', prefix: 'account-' };
const DEFAULT_PREFIX = 'account-';

const natural = (value: string | null, fallback: number): number =>
  value !== null && /^\d{1,15}$/.test(value) ? Number(value) : fallback;

/** Reads `#/stream/account-1?from=100` and the like; anything unknown is the streams view. */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(search);
  const [, view, ...rest] = path.split('/');
  const arg = rest.length > 0 ? decodeURIComponent(rest.join('/')) : '';
  switch (view) {
    case 'streams':
      return { view: 'streams', prefix: params.get('prefix') ?? DEFAULT_PREFIX };
    case 'stream':
      return arg
        ? {
            view: 'stream',
            stream: arg,
            from: natural(params.get('from'), 0),
            raw: params.get('raw') === '1',
          }
        : DEFAULT;
    case 'travel':
      return arg ? { view: 'travel', stream: arg, revision: natural(params.get('revision'), 0) } : DEFAULT;
    case 'correlation':
      return arg ? { view: 'correlation', correlationId: arg } : DEFAULT;
    case 'projections':
      return { view: 'projections' };
    case 'feed':
      return { view: 'feed' };
    default:
      return DEFAULT;
  }
}

/** The hash for a route: `parseRoute(routeHash(r))` gives `r` back. */
export function routeHash(route: Route): string {
  const id = (value: string) => encodeURIComponent(value);
  switch (route.view) {
    case 'streams':
      return `#/streams?prefix=${id(route.prefix)}`;
    case 'stream':
      return `#/stream/${id(route.stream)}?from=${route.from}${route.raw ? '&raw=1' : ''}`;
    case 'travel':
      return `#/travel/${id(route.stream)}?revision=${route.revision}`;
    case 'correlation':
      return `#/correlation/${id(route.correlationId)}`;
    case 'projections':
      return '#/projections';
    case 'feed':
      return '#/feed';
    default: {
      const unknown: never = route;
      return unknown;
    }
  }
}
