import type { Command } from 'commander';
import { listStreams, type LoggedEvent, readStream } from '@ledger/event-log';
import { type CliContext, integerOption, revisionOption } from './cli-context.js';
import { withEventStore } from './event-store.connection.js';
import { cell, printJson, renderTable } from '../output/cli-io.js';

export const eventRows = (events: readonly LoggedEvent[]): string[][] =>
  events.map((e) => [
    e.revision.toString(),
    e.eventType,
    `v${e.schemaVersion}${e.upcast ? '*' : ''}`,
    e.position.commit.toString(),
    typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : e.created.toISOString(),
    cell(e.data),
  ]);
export const EVENT_HEADERS = ['rev', 'type', 'schema', 'position', 'occurred', 'data'];

export function streamsCommand(program: Command, context: CliContext): void {
  const streams = program.command('streams').description('read and list event streams');
  streams
    .command('read <stream>')
    .description("a stream's events: type, schema version, revision, position, time, data and metadata")
    .option('--from <revision>', 'first revision read (the last one with --backwards)', revisionOption)
    .option('--backwards', 'newest first')
    .option('--limit <n>', 'at most n events (1-10000)', integerOption, 100)
    .option('--raw', 'as stored, not upcast')
    .option('--json', 'JSON for scripts')
    .action(
      (
        stream: string,
        o: { from?: bigint; backwards?: boolean; limit: number; raw?: boolean; json?: boolean },
      ) =>
        context.run(async (settings, io) => {
          const events = await withEventStore(settings, (client) =>
            readStream(client, stream, {
              ...(o.from === undefined ? {} : { from: o.from }),
              backwards: !!o.backwards,
              limit: o.limit,
              raw: !!o.raw,
            }),
          );
          if (o.json) return printJson(io, { stream, events });
          io.stdout.write(renderTable(EVENT_HEADERS, eventRows(events)));
          if (events.some((e) => e.upcast))
            io.stdout.write('* upcast from an older stored version (--raw shows it as stored)\n');
        }),
    );
  streams
    .command('list')
    .description('the streams that exist, with their event counts and last positions')
    .option('--prefix <prefix>', 'only streams whose name starts with it')
    .option('--json', 'JSON for scripts')
    .action((o: { prefix?: string; json?: boolean }) =>
      context.run(async (settings, io) => {
        const listing = await withEventStore(settings, (client) =>
          listStreams(client, o.prefix === undefined ? {} : { prefix: o.prefix }),
        );
        if (o.json) return printJson(io, listing);
        const rows = listing.streams.map((s) => [
          s.streamId,
          String(s.events),
          s.lastRevision.toString(),
          s.lastPosition.toString(),
        ]);
        io.stdout.write(renderTable(['stream', 'events', 'last rev', 'last position'], rows));
        if (listing.truncated) io.stderr.write('More streams than shown: narrow with --prefix.\n');
      }),
    );
}
