import specs from '@asyncapi/specs';
import { Ajv } from 'ajv';
import { buildAsyncApiDocument, publishedSchemas } from '@ledger/contracts';
import { CURRENT_SCHEMA_VERSIONS, LEDGER_EVENT_TYPES } from '@ledger/domain';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The official AsyncAPI 3.0.0 meta-schema bundles draft-07, which ajv already knows: load it as is.
const asyncApi3 = new Ajv({
  strict: false,
  allErrors: true,
  meta: false,
  validateSchema: false,
  logger: false,
}).compile((specs as unknown as { schemas: Record<string, object> }).schemas['3.0.0']!);

describe('the AsyncAPI catalogue', () => {
  const document: Json = buildAsyncApiDocument();

  it('is a valid AsyncAPI 3.0 document', () => {
    expect(asyncApi3(document) ? [] : asyncApi3.errors).toEqual([]);
  });

  it('is refused by the same check when broken, so the check above can fail', () => {
    const broken = structuredClone(document);
    delete broken.operations.subscribeToAll.channel;
    expect(asyncApi3(broken)).toBe(false);
  });

  it('describes the account and transfer streams and the $all feed', () => {
    const addresses = Object.values(document.channels as Json).map((channel) => channel.address);
    expect(addresses.sort()).toEqual(['$all', 'account-{accountId}', 'transfer-{transferId}']);
  });

  it('has a message for every event type in every version, its payload the JSON Schema 2020-12 of it', () => {
    const messages = Object.values(document.components.messages as Json);
    const expected = LEDGER_EVENT_TYPES.flatMap((type) =>
      Array.from({ length: CURRENT_SCHEMA_VERSIONS[type] }, (_, i) => `${type}@${i + 1}`),
    );
    expect(messages.map((m) => `${m['x-event-type']}@${m['x-schema-version']}`).sort()).toEqual(
      expected.sort(),
    );
    for (const message of messages) {
      const payload = document.components.schemas[message.payload.$ref.split('/').pop()];
      expect(payload.schemaFormat).toBe('application/schema+json;version=draft-2020-12');
      expect(payload.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    expect(Object.keys(document.channels.all.messages)).toHaveLength(messages.length);
  });

  it('gives every message the metadata as headers, with the fields consumers rely on', () => {
    const headers = document.components.schemas['EventMetadata.v1'].schema;
    for (const message of Object.values(document.components.messages as Json)) {
      expect(message.headers).toEqual({ $ref: '#/components/schemas/EventMetadata.v1' });
    }
    expect(Object.keys(headers.properties)).toEqual(
      expect.arrayContaining([
        'correlationId',
        'causationId',
        'commandId',
        'actor',
        'occurredAt',
        'schemaVersion',
        'traceparent',
      ]),
    );
  });

  it('publishes each schema once, under the name its file and component share', () => {
    const names = publishedSchemas().map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(document.components.schemas).sort()).toEqual([...names].sort());
  });
});
