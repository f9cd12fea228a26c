import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import {
  InvalidRequestError,
  type LoggedEvent,
  MAX_READ_LIMIT,
  NotFoundError,
  readStream,
  toConsumedEvent,
} from '@ledger/event-log';
import { readModelNamed, replayProjection } from '@ledger/read-models';
import { MongoClient } from 'mongodb';
import type { CliContext } from './cli-context.js';
import { withEventStore } from './event-store.connection.js';
import { cell, printJson, renderTable } from '../output/cli-io.js';

/** Events replayed at most: one stream's history is held in memory. */
const MAX_REPLAYED = 100_000;

export function replayCommand(program: Command, context: CliContext): void {
  program
    .command('replay <stream>')
    .description(
      "run one stream's events through a projection into a scratch database and print the documents",
    )
    .requiredOption('--projection <readModel>', 'the read model whose projection runs (e.g. account-summary)')
    .option('--json', 'JSON for scripts')
    .action((stream: string, o: { projection: string; json?: boolean }) =>
      context.run(async (settings, io) => {
        if (o.projection === 'transfer-workflow') {
          throw new InvalidRequestError(
            'the transfer workflow is not a projection: replaying it would issue commands',
          );
        }
        const readModel = readModelNamed(o.projection);
        if (!readModel) throw new NotFoundError(`There is no read model named ${o.projection}`);
        const events: LoggedEvent[] = await withEventStore(settings, async (client) => {
          const all: LoggedEvent[] = [];
          for (;;) {
            const page = await readStream(client, stream, {
              from: BigInt(all.length),
              limit: MAX_READ_LIMIT,
            });
            all.push(...page);
            if (page.length < MAX_READ_LIMIT) return all;
            if (all.length >= MAX_REPLAYED)
              throw new InvalidRequestError(
                `${stream} has more than ${MAX_REPLAYED} events: too many to replay here`,
              );
          }
        });
        const mongo = await MongoClient.connect(settings.mongoUri, { serverSelectionTimeoutMS: 5_000 });
        const scratch = mongo.db(`replay-${randomBytes(6).toString('hex')}`);
        try {
          const documents = await replayProjection(scratch, readModel, events.map(toConsumedEvent));
          if (o.json)
            return printJson(io, { stream, projection: o.projection, events: events.length, documents });
          io.stdout.write(
            `${events.length} events of ${stream} through ${o.projection}: ${documents.length} documents\n`,
          );
          io.stdout.write(
            renderTable(
              ['_id', 'document'],
              documents.map(({ _id, ...rest }) => [String(_id), cell(rest, 120)]),
            ),
          );
        } finally {
          await scratch.dropDatabase().catch(() => {});
          await mongo.close();
        }
      }),
    );
}
