import { CURRENT_SCHEMA_VERSIONS, ACCOUNT_EVENT_TYPES, TRANSFER_EVENT_TYPES } from '@ledger/domain';
import { METADATA_SCHEMA_NAME, publishedSchemas } from './published-schemas.js';

// AsyncAPI 3.0 reads Schema Objects as draft-07 unless told: each schema says it is 2020-12.
const SCHEMA_FORMAT = 'application/schema+json;version=draft-2020-12';

type Json = Record<string, unknown>;
const ref = (path: string): Json => ({ $ref: path });

/**
 * The catalogue: the two stream kinds, the $all feed, every message in every version with its
 * schema, and the metadata as the messages' headers. Built from the same schemas the code uses.
 */
export function buildAsyncApiDocument(): Json {
  const schemas = publishedSchemas();
  const events = schemas.filter((s) => s.eventType !== undefined);
  const messageNames = (types: readonly string[]) =>
    events.filter((s) => types.includes(s.eventType!)).map((s) => s.name);
  const channelMessages = (names: string[]): Json =>
    Object.fromEntries(names.map((name) => [name, ref(`#/components/messages/${name}`)]));
  const receive = (channel: string, names: string[], summary: string): Json => ({
    action: 'receive',
    summary,
    channel: ref(`#/channels/${channel}`),
    messages: names.map((name) => ref(`#/channels/${channel}/messages/${name}`)),
  });
  const account = messageNames(ACCOUNT_EVENT_TYPES);
  const transfer = messageNames(TRANSFER_EVENT_TYPES);
  const all = events.map((s) => s.name);

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ledger events',
      version: '1.0.0',
      description: [
        'Every event the ledger stores in EventStoreDB: JSON data, JSON metadata (the headers here).',
        'A message is one event type at one schema version; metadata.schemaVersion says which.',
        'Published versions never change: a new shape is a new version, and readers upcast old ones.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    channels: {
      accountStream: {
        address: 'account-{accountId}',
        title: 'An account',
        description: 'One stream per account: opening, money moved, freezes, transfer steps, closing.',
        parameters: { accountId: { description: 'The account id, a UUID.' } },
        messages: channelMessages(account),
      },
      transferStream: {
        address: 'transfer-{transferId}',
        title: 'A transfer',
        description: 'One stream per transfer: requested, then completed, rejected or failed.',
        parameters: { transferId: { description: 'The transfer id, a UUID.' } },
        messages: channelMessages(transfer),
      },
      all: {
        address: '$all',
        title: 'Every event, in commit order',
        description:
          'How consumers read: one catch-up subscription to $all, filtered on the server to the ' +
          'account- and transfer- stream prefixes, resuming from the commit position of the last event handled.',
        messages: channelMessages(all),
      },
    },
    operations: {
      readAccountStream: receive(
        'accountStream',
        account,
        'Read an account stream (aggregate load, time travel).',
      ),
      readTransferStream: receive('transferStream', transfer, 'Read a transfer stream.'),
      subscribeToAll: receive('all', all, 'Catch up on $all from a checkpoint (projections, workflows).'),
    },
    components: {
      schemas: Object.fromEntries(
        schemas.map((s) => [s.name, { schemaFormat: SCHEMA_FORMAT, schema: s.schema }]),
      ),
      messages: Object.fromEntries(
        events.map((s) => [
          s.name,
          {
            name: s.eventType,
            title: `${s.eventType} v${s.version}`,
            summary:
              s.version === CURRENT_SCHEMA_VERSIONS[s.eventType!]
                ? 'Written today.'
                : `Stored by older writers; read as v${CURRENT_SCHEMA_VERSIONS[s.eventType!]} through the upcasters.`,
            contentType: 'application/json',
            headers: ref(`#/components/schemas/${METADATA_SCHEMA_NAME}`),
            payload: ref(`#/components/schemas/${s.name}`),
            'x-event-type': s.eventType,
            'x-schema-version': s.version,
          },
        ]),
      ),
    },
  };
}
