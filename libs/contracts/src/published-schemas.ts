import type { TSchema } from '@sinclair/typebox';
import { EVENT_SCHEMAS, type LedgerEventType, LEDGER_EVENT_TYPES } from '@ledger/domain';
import { EventMetadataSchema } from '@ledger/event-store';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const METADATA_SCHEMA_NAME = 'EventMetadata.v1';

/** One published JSON Schema: its file name under contracts/schemas/ (without .json) and body. */
export type PublishedSchema = {
  name: string;
  eventType?: LedgerEventType;
  version?: number;
  schema: Record<string, unknown>;
};

export const schemaNameOf = (eventType: string, version: number): string => `${eventType}.v${version}`;

// TypeBox keeps its own markers in symbol keys: a JSON round trip leaves the plain JSON Schema.
const plain = (schema: TSchema, name: string, title: string): Record<string, unknown> => ({
  $schema: JSON_SCHEMA_DIALECT,
  $id: `urn:ledger:schema:${name}`,
  title,
  ...(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>),
});

/** Every event type's every version, then the metadata: what `npm run contracts` writes. */
export function publishedSchemas(): PublishedSchema[] {
  const events = LEDGER_EVENT_TYPES.flatMap((eventType) =>
    EVENT_SCHEMAS[eventType].map((schema, index) => {
      const version = index + 1;
      const name = schemaNameOf(eventType, version);
      return {
        name,
        eventType,
        version,
        schema: plain(schema, name, `${eventType} data, version ${version}`),
      };
    }),
  );
  const metadata = plain(EventMetadataSchema, METADATA_SCHEMA_NAME, 'Metadata of every ledger event');
  return [...events, { name: METADATA_SCHEMA_NAME, schema: metadata }];
}
