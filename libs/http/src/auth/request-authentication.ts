import type { ApiKeyRegistry, Principal } from './api-key.registry.js';

type RequestWithHeaders = { headers: Record<string, string | string[] | undefined> };

/** One key check per request, whoever asks first: the rate limiter (onRequest) or the guard. */
const principals = new WeakMap<object, Principal | null>();

/** The `Authorization: Bearer <key>` token, if the header has that shape. */
export function bearerToken(request: RequestWithHeaders): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** The principal whose key the request carries; undefined without a key or with an unknown one. */
export function authenticateRequest(
  registry: ApiKeyRegistry,
  request: RequestWithHeaders,
): Principal | undefined {
  const known = principals.get(request);
  if (known !== undefined) return known ?? undefined;
  const key = bearerToken(request);
  const principal = key === undefined ? undefined : registry.authenticate(key);
  principals.set(request, principal ?? null);
  return principal;
}
