import { Inject, Injectable } from '@nestjs/common';
import { problem, PROBLEM_CONTENT_TYPE } from '@ledger/http';
import { ConsoleSettings } from '../config/console.config.js';

export interface ProxiedAnswer {
  status: number;
  contentType: string;
  body: string;
}

const TIMEOUT_MS = 10_000;

/**
 * The projectors' operator endpoints, called with the caller's own operator key: the console
 * holds no secret of its own, and the projectors check the key again.
 */
@Injectable()
export class ProjectorsProxy {
  constructor(@Inject(ConsoleSettings) private readonly settings: ConsoleSettings) {}

  async forward(method: string, path: string, authorization: string, body?: unknown): Promise<ProxiedAnswer> {
    try {
      const response = await fetch(`${this.settings.projectorsUrl}${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'application/json',
        body: await response.text(),
      };
    } catch {
      const detail = 'The projectors cannot be reached; retry later.';
      return {
        status: 503,
        contentType: PROBLEM_CONTENT_TYPE,
        body: JSON.stringify(problem(503, 'projectors-unavailable', 'Service unavailable', detail)),
      };
    }
  }
}
