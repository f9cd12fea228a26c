import { frozenSchemaMessage, schemaChanges } from '@ledger/contracts';

const locked = {
  type: 'object',
  required: ['accountId', 'amount'],
  properties: { accountId: { type: 'string' }, amount: { type: 'integer', minimum: 0 } },
};

describe('a published schema compared with its lock', () => {
  it('has no changes when it is the same JSON, whatever the key order', () => {
    const reordered = { properties: locked.properties, required: locked.required, type: 'object' };
    expect(schemaChanges(locked, reordered)).toEqual([]);
  });

  it('names each change by its JSON Pointer: a tightened bound, an added field, a removed one', () => {
    const changed = {
      type: 'object',
      required: ['accountId', 'amount', 'currency'],
      properties: { amount: { type: 'integer', minimum: 1 }, currency: { type: 'string' } },
    };
    expect(schemaChanges(locked, changed).sort()).toEqual(
      [
        '/required/2: added "currency"',
        '/properties/accountId: removed (was {"type":"string"})',
        '/properties/amount/minimum: 0 → 1',
        '/properties/currency: added {"type":"string"}',
      ].sort(),
    );
  });

  it('lets an open schema gain an optional property, but not a required one', () => {
    const open = { type: 'object', required: ['actor'], properties: { actor: { type: 'string' } } };
    const optional = { ...open, properties: { ...open.properties, traceId: { type: 'string' } } };
    expect(schemaChanges(open, optional, { allowNewOptionalProperties: true })).toEqual([]);
    expect(schemaChanges(open, optional)).toEqual(['/properties/traceId: added {"type":"string"}']);
    const required = { ...optional, required: ['actor', 'traceId'] };
    expect(schemaChanges(open, required, { allowNewOptionalProperties: true })).toEqual([
      '/required/1: added "traceId"',
    ]);
  });

  it('escapes "/" and "~" in the pointer', () => {
    expect(schemaChanges({ 'a/b~c': 1 }, { 'a/b~c': 2 })).toEqual(['/a~1b~0c: 1 → 2']);
  });

  it('makes a message that names the event version, the changes and what to do instead', () => {
    const message = frozenSchemaMessage('MoneyDeposited.v1', ['/properties/amount/minimum: 0 → 1']);
    expect(message).toMatch(/^MoneyDeposited\.v1 is published and frozen/);
    expect(message).toContain('/properties/amount/minimum: 0 → 1');
    expect(message).toMatch(/new version \(schema, upcaster, fixture/);
  });
});
