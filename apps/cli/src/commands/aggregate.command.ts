import type { Command } from 'commander';
import { aggregateAt, type FoldPoint, InvalidRequestError } from '@ledger/event-log';
import { type CliContext, revisionOption, timeOption } from './cli-context.js';
import { withEventStore } from './event-store.connection.js';
import { EVENT_HEADERS, eventRows } from './streams.command.js';
import { printJson, renderTable, toJson } from '../output/cli-io.js';

export function aggregateCommand(program: Command, context: CliContext): void {
  program
    .command('aggregate <stream>')
    .description(
      "the aggregate's state as it was, folded with the domain's evolve (snapshots ignored), and the events that led there",
    )
    .option('--at <revision>', 'as it was at this revision', revisionOption)
    .option('--at-time <iso>', "as it was at this time (events' occurredAt)", timeOption)
    .option('--json', 'JSON for scripts')
    .action((stream: string, o: { at?: bigint; atTime?: Date; json?: boolean }) =>
      context.run(async (settings, io) => {
        if (o.at !== undefined && o.atTime !== undefined)
          throw new InvalidRequestError('give --at or --at-time, not both');
        const at: FoldPoint = o.at !== undefined ? { revision: o.at } : o.atTime ? { time: o.atTime } : 'end';
        const aggregate = await withEventStore(settings, (client) => aggregateAt(client, stream, at));
        if (o.json) return printJson(io, aggregate);
        io.stdout.write(
          `${aggregate.kind} ${stream} at revision ${aggregate.revision ?? '(none)'}\n${toJson(aggregate.state, 2)}\n\n`,
        );
        io.stdout.write(renderTable(EVENT_HEADERS, eventRows(aggregate.events)));
      }),
    );
}
