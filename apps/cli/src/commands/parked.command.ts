import type { Command } from 'commander';
import { type CliContext } from './cli-context.js';
import { ProjectorsClient } from '../projectors/projectors.client.js';
import type { ConsumerStatusView, ParkedEventView } from '@ledger/api-views';
import { cell, printJson, renderTable } from '../output/cli-io.js';
import { CliError, EXIT } from '../exit-codes.js';

/** Parked events listed at most: past it the listing says so (narrow by --consumer/--stream). */
const MAX_LISTED = 10_000;

async function parkedEvents(client: ProjectorsClient, consumer?: string, stream?: string) {
  const consumers = consumer
    ? [consumer]
    : (await client.get<{ consumers: ConsumerStatusView[] }>('/status')).consumers.map((c) => c.consumer);
  const items: ParkedEventView[] = [];
  for (const name of consumers) {
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({
        consumer: name,
        limit: '500',
        ...(stream ? { stream } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const page: { items: ParkedEventView[]; nextCursor: string | null } = await client.get(
        `/parked?${query}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
      if (items.length >= MAX_LISTED) return { items: items.slice(0, MAX_LISTED), truncated: true };
    } while (cursor);
  }
  return { items, truncated: false };
}

export function parkedCommand(program: Command, context: CliContext): void {
  const parked = program.command('parked').description('events the projectors parked, with their errors');
  parked
    .command('list')
    .description('parked events in log order, per consumer')
    .option('--consumer <name>', 'only this consumer')
    .option('--stream <stream>', 'only this stream')
    .option('--json', 'JSON for scripts')
    .action((o: { consumer?: string; stream?: string; json?: boolean }) =>
      context.run(async (settings, io) => {
        const listing = await parkedEvents(new ProjectorsClient(settings), o.consumer, o.stream);
        if (o.json) return printJson(io, listing);
        const rows = listing.items.map((p) => [
          p.eventId,
          p.consumer,
          `${p.stream}@${p.revision}`,
          p.type,
          p.reason,
          String(p.attempts),
          cell(p.error ?? '', 50),
        ]);
        io.stdout.write(
          renderTable(['event id', 'consumer', 'stream@rev', 'type', 'reason', 'tries', 'error'], rows),
        );
        if (listing.truncated)
          io.stderr.write(`Only the first ${MAX_LISTED} are shown: narrow with --consumer or --stream.\n`);
      }),
    );
  for (const action of ['retry', 'skip'] as const) {
    parked
      .command(`${action} <eventId>`)
      .description(
        action === 'retry'
          ? "apply the event's stream's parked events again, in order (carried out by the consumer's owner)"
          : "drop the first parked event of the event's stream and apply the ones behind it",
      )
      .option('--consumer <name>', 'the consumer, when the event is parked for several')
      .option('--json', 'JSON for scripts')
      .action((eventId: string, o: { consumer?: string; json?: boolean }) =>
        context.run(async (settings, io) => {
          const client = new ProjectorsClient(settings);
          const found = (await parkedEvents(client, o.consumer)).items.filter((p) => p.eventId === eventId);
          if (found.length === 0) throw new CliError(`no parked event ${eventId}`, EXIT.notFound);
          if (found.length > 1)
            throw new CliError(
              `${eventId} is parked for ${found.map((p) => p.consumer).join(', ')}: pick one with --consumer`,
              EXIT.usage,
            );
          const { consumer, stream } = found[0]!;
          const answer = await client.post(
            `/parked/${encodeURIComponent(consumer)}/${encodeURIComponent(stream)}/${action}`,
          );
          if (o.json) return printJson(io, answer);
          io.stdout.write(
            `${action} requested for ${stream} in ${consumer}; the consumer's owner carries it out.\n`,
          );
        }),
      );
  }
}
