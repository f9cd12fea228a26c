import { type AppMetrics, routeOf } from '@ledger/http';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';

/** What a command's answer says happened to it, by status. */
function outcomeOf(status: number): string {
  if (status < 300) return 'accepted';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 422) return 'rejected';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'invalid' : 'error';
}

/** `ledger_commands_total` by route template and outcome: every POST the command API answers. */
export function registerCommandMetrics(fastify: FastifyInstance, metrics: AppMetrics): void {
  const commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands answered, by route template and outcome (accepted, rejected, conflict, invalid...)',
    labelNames: ['route', 'outcome'],
    registers: [metrics.registry],
  });
  fastify.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'POST') return;
    commands.inc({ route: routeOf(request), outcome: outcomeOf(reply.statusCode) });
  });
}

/** The pipeline's `onAppend`: `ledger_event_append_duration_seconds` by result. */
export function appendLatencyRecorder(
  metrics: AppMetrics,
): (seconds: number, result: 'ok' | 'conflict' | 'error') => void {
  const appends = new Histogram({
    name: 'ledger_event_append_duration_seconds',
    help: 'Time of one append to the event store, by result (ok, conflict, error)',
    labelNames: ['result'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [metrics.registry],
  });
  return (seconds, result) => appends.observe({ result }, seconds);
}
