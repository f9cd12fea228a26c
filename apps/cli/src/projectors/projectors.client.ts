import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import type { CliSettings } from '../config/cli.config.js';

const STATUS_EXIT: Record<number, ExitCode> = { 400: EXIT.usage, 404: EXIT.notFound, 503: EXIT.unreachable };

/** The projectors' operator endpoints over HTTP, with the operator key; answers map to exit codes. */
export class ProjectorsClient {
  constructor(private readonly settings: CliSettings) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.settings.projectorsUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.settings.operatorKey()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(
        `the projectors at ${this.settings.projectorsUrl} cannot be reached (${(error as Error).message})`,
        EXIT.unreachable,
      );
    }
    const text = await response.text();
    if (response.ok) return (text === '' ? undefined : JSON.parse(text)) as T;
    let detail = text;
    try {
      const problem = JSON.parse(text) as { detail?: string; title?: string };
      detail = problem.detail ?? problem.title ?? text;
    } catch {
      // not problem+json: the body as it came
    }
    const refused =
      response.status === 401 || response.status === 403 ? ' (is LEDGER_OPERATOR_KEY an operator key?)' : '';
    throw new CliError(
      `${method} ${path}: ${response.status} ${detail}${refused}`,
      STATUS_EXIT[response.status] ?? EXIT.failure,
    );
  }
}
