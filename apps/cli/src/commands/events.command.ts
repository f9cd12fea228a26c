import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { exportEvents, importEvents, NotFoundError } from '@ledger/event-log';
import { type CliContext, positionOption } from './cli-context.js';
import { withEventStore } from './event-store.connection.js';
import { tailEvents } from './events-tail.js';
import { printJson } from '../output/cli-io.js';
import { startProgress } from '../output/progress.js';

export function eventsCommand(program: Command, context: CliContext): void {
  const events = program.command('events').description('follow, export and import the log ($all)');
  events
    .command('export')
    .description('events of $all as NDJSON (as stored; system events and snapshots left out)')
    .option('--from-position <position>', 'only events at or after this commit position', positionOption)
    .option('--to-position <position>', 'only events at or before this commit position', positionOption)
    .option('--out <file>', 'write to this file (default stdout)')
    .option('--json', 'a JSON summary on stdout (needs --out)')
    .action((o: { fromPosition?: bigint; toPosition?: bigint; out?: string; json?: boolean }) =>
      context.run(async (settings, io) => {
        const out = o.out ? createWriteStream(o.out) : undefined;
        const write = async (text: string) => {
          if (!out) return void io.stdout.write(text);
          if (!out.write(text)) await once(out, 'drain');
        };
        let exported = 0;
        await withEventStore(settings, async (client) => {
          const range = {
            ...(o.fromPosition === undefined ? {} : { fromPosition: o.fromPosition }),
            ...(o.toPosition === undefined ? {} : { toPosition: o.toPosition }),
          };
          for await (const record of exportEvents(client, range)) {
            await write(`${JSON.stringify(record)}\n`);
            exported += 1;
          }
        });
        if (out)
          await new Promise<void>((resolve, reject) =>
            out.end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
        if (o.json && o.out) printJson(io, { exported, out: o.out });
        else io.stderr.write(`Exported ${exported} events${o.out ? ` to ${o.out}` : ''}.\n`);
      }),
    );
  events
    .command('import <file>')
    .description('append an NDJSON export, in order, with its ids; a second import adds nothing')
    .option('--json', 'JSON for scripts')
    .action((file: string, o: { json?: boolean }) =>
      context.run(async (settings, io) => {
        await access(file).catch(() => {
          throw new NotFoundError(`${file} cannot be read`);
        });
        const lines = () => createInterface({ input: createReadStream(file), crlfDelay: Infinity });
        const progress = startProgress(io, 'import', o.json);
        try {
          const outcome = await withEventStore(settings, (client) =>
            importEvents(client, lines, progress.update),
          );
          progress.stop();
          if (o.json) return printJson(io, outcome);
          io.stdout.write(
            `${outcome.events} events in ${file}: ${outcome.imported} imported, ${outcome.alreadyThere} already there.\n`,
          );
        } finally {
          progress.stop();
        }
      }),
    );
  events
    .command('tail')
    .description('follow $all live until Ctrl-C')
    .option('--type-prefix <prefix>', 'only event types starting with it')
    .option('--stream-prefix <prefix>', 'only streams whose name starts with it')
    .option('--json', 'one JSON object per line')
    .action((o: { typePrefix?: string; streamPrefix?: string; json?: boolean }) =>
      context.run((settings, io) => withEventStore(settings, (client) => tailEvents(client, io, o))),
    );
}
