const KEY = 'ledger-console:operator-key';

/** The operator key lives in this tab's sessionStorage only: never in a URL, gone with the tab. */
export const operatorKey = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (key: string): void => sessionStorage.setItem(KEY, key),
  clear: (): void => sessionStorage.removeItem(KEY),
};

/** The backend refused the key (401/403): the page forgets it and asks again. */
export class KeyRefusedError extends Error {}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A call to the console's backend with the key in the Authorization header. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: {
      authorization: `Bearer ${operatorKey.get() ?? ''}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  if (response.status === 401 || response.status === 403) {
    operatorKey.clear();
    throw new KeyRefusedError('This key is not an operator key.');
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok)
    throw new ApiError(response.status, body?.detail ?? body?.title ?? `HTTP ${response.status}`);
  return body as T;
}
