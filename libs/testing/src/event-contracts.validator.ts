import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { buildAsyncApiDocument, METADATA_SCHEMA_NAME } from '@ledger/contracts';

type Json = Record<string, unknown>;
// ajv-formats is CommonJS: its module object carries the plugin as `default` too.
const addFormats = ajvFormats.default;

/** A stored event as a consumer sees it: its type, data and metadata exactly as written. */
export type StoredEventRecord = { eventType: string; data: unknown; metadata: unknown };

export type EventContractValidator = {
  /** What is wrong with the event against the published schemas; empty when it conforms. */
  problems(event: StoredEventRecord, version?: number): string[];
};

/**
 * Validates stored events against the published catalogue (the AsyncAPI document's JSON
 * Schemas, read as any other consumer would), with an independent validator: not the TypeBox
 * objects the code is typed by.
 */
export function createEventContractValidator(
  asyncapi: Json = buildAsyncApiDocument(),
): EventContractValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const components = asyncapi.components as { schemas: Record<string, { schema: Json }>; messages: Json };
  const compile = (name: string): ValidateFunction => ajv.compile(components.schemas[name]!.schema);
  const metadata = compile(METADATA_SCHEMA_NAME);
  const payloads = new Map<string, ValidateFunction>();
  for (const message of Object.values(components.messages) as Json[]) {
    const name = String((message.payload as { $ref: string }).$ref)
      .split('/')
      .pop()!;
    payloads.set(`${String(message['x-event-type'])}@${String(message['x-schema-version'])}`, compile(name));
  }
  const explain = (what: string, validate: ValidateFunction): string[] =>
    (validate.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      return `${what}${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
    });

  return {
    problems(event, version) {
      const meta = (event.metadata ?? {}) as { schemaVersion?: unknown };
      const schemaVersion = version ?? (typeof meta.schemaVersion === 'number' ? meta.schemaVersion : 1);
      const payload = payloads.get(`${event.eventType}@${schemaVersion}`);
      if (!payload) return [`${event.eventType} v${schemaVersion} is in no published schema`];
      const problems = payload(event.data)
        ? []
        : explain(`${event.eventType} v${schemaVersion} data`, payload);
      if (version === undefined && !metadata(event.metadata)) problems.push(...explain('metadata', metadata));
      return problems;
    },
  };
}
