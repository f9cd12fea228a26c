import type { Command } from 'commander';
import { type CliContext } from './cli-context.js';
import { ProjectorsClient } from '../projectors/projectors.client.js';
import { type ConsumerStatusView, FINISHED_REBUILD_STATES, type RebuildView } from '@ledger/api-views';
import { type CliIo, cell, printJson, renderTable } from '../output/cli-io.js';
import { CliError, EXIT } from '../exit-codes.js';
import { watchRebuild } from './rebuild-watch.js';

const rebuildRows = (rebuilds: readonly RebuildView[]) =>
  rebuilds.map((r) => [
    r.id,
    r.readModel,
    r.state,
    `${Math.round(r.progress * 100)}%`,
    String(r.handled),
    String(r.eventsPerSecond),
    `${r.previousCollection} → ${r.collection}`,
    cell(r.error ?? '', 40),
  ]);
const REBUILD_HEADERS = [
  'id',
  'read model',
  'state',
  'progress',
  'events',
  'events/s',
  'collections',
  'error',
];

function ended(io: CliIo, rebuild: RebuildView, json?: boolean): void {
  if (json) printJson(io, rebuild);
  else io.stdout.write(renderTable(REBUILD_HEADERS, rebuildRows([rebuild])));
  if (rebuild.state === 'failed')
    throw new CliError(`rebuild ${rebuild.id} failed: ${rebuild.error ?? 'unknown error'}`, EXIT.failure);
  if (rebuild.state === 'cancelled') throw new CliError(`rebuild ${rebuild.id} was cancelled`, EXIT.failure);
}

export function projectionsCommand(program: Command, context: CliContext): void {
  const projections = program
    .command('projections')
    .description("the projectors' consumers and read-model rebuilds");
  projections
    .command('status')
    .description("each consumer's position, lag, owner and parked count")
    .option('--json', 'JSON for scripts')
    .action((o: { json?: boolean }) =>
      context.run(async (settings, io) => {
        const status = await new ProjectorsClient(settings).get<{
          instanceId: string;
          consumers: ConsumerStatusView[];
        }>('/status');
        if (o.json) return printJson(io, status);
        const rows = status.consumers.map((c) => [
          c.consumer,
          c.state,
          c.owner ?? '',
          c.position ?? '',
          String(c.lagEvents),
          c.lagSeconds === undefined ? '' : String(c.lagSeconds),
          String(c.parked),
          cell(c.lastError?.message ?? '', 40),
        ]);
        io.stdout.write(
          renderTable(
            ['consumer', 'state', 'owner', 'position', 'lag events', 'lag s', 'parked', 'last error'],
            rows,
          ),
        );
      }),
    );
  projections
    .command('rebuild <readModel>')
    .description(
      'blue-green: build a new collection from the start of $all, catch up, switch the alias, drop the old one later',
    )
    .option('--detach', 'start it and print its id, without watching')
    .option('--json', 'JSON for scripts (the final state, with events/s)')
    .action((readModel: string, o: { detach?: boolean; json?: boolean }) =>
      context.run(async (settings, io) => {
        const client = new ProjectorsClient(settings);
        const started = await client.post<RebuildView>('/rebuilds', { readModel });
        if (o.detach) return o.json ? printJson(io, started) : void io.stdout.write(`${started.id}\n`);
        const last = await watchRebuild(client, io, started, o.json);
        if (!FINISHED_REBUILD_STATES.has(last.state)) {
          io.stderr.write(
            `Stopped watching; rebuild ${last.id} goes on (ledger projections cancel ${last.id} to stop it).\n`,
          );
          return o.json ? printJson(io, last) : undefined;
        }
        ended(io, last, o.json);
      }),
    );
  projections
    .command('rebuilds [id]')
    .description('rebuilds this projectors process knows of (or one of them)')
    .option('--json', 'JSON for scripts')
    .action((id: string | undefined, o: { json?: boolean }) =>
      context.run(async (settings, io) => {
        const client = new ProjectorsClient(settings);
        const rebuilds = id
          ? [await client.get<RebuildView>(`/rebuilds/${encodeURIComponent(id)}`)]
          : (await client.get<{ items: RebuildView[] }>('/rebuilds')).items;
        if (o.json) return printJson(io, id ? rebuilds[0] : { items: rebuilds });
        io.stdout.write(renderTable(REBUILD_HEADERS, rebuildRows(rebuilds)));
      }),
    );
  projections
    .command('cancel <id>')
    .description('stop a rebuild and drop its half-built collection (the read model keeps its current one)')
    .option('--json', 'JSON for scripts')
    .action((id: string, o: { json?: boolean }) =>
      context.run(async (settings, io) => {
        const rebuild = await new ProjectorsClient(settings).delete<RebuildView>(
          `/rebuilds/${encodeURIComponent(id)}`,
        );
        if (o.json) return printJson(io, rebuild);
        io.stdout.write(renderTable(REBUILD_HEADERS, rebuildRows([rebuild])));
      }),
    );
}
