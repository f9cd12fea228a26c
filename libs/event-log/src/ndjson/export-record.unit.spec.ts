import { ImportLineError, parseExportLine, toExportRecord } from '@ledger/event-log';

const record = {
  eventId: '6f1c2a7e-0d3b-4b8e-9a51-3c2d1e0f4a10',
  eventType: 'MoneyDeposited',
  streamId: 'account-1',
  revision: '3',
  position: { commit: '840', prepare: '840' },
  created: '2026-01-15T10:00:00.000Z',
  data: { amount: 5 },
  metadata: { schemaVersion: 1, occurredAt: '2026-01-15T10:00:00.000Z' },
};

describe('an NDJSON export line', () => {
  it('is written with positions and revision as decimal strings and data as stored', () => {
    const line = toExportRecord({
      eventId: record.eventId,
      eventType: record.eventType,
      streamId: record.streamId,
      revision: 3n,
      position: { commit: 840n, prepare: 840n },
      created: new Date(record.created),
      schemaVersion: 1,
      data: record.data,
      metadata: record.metadata,
      upcast: false,
    });
    expect(line).toEqual(record);
    expect(Object.keys(line)).toEqual(Object.keys(record));
  });

  it('reads back what was written', () => {
    expect(parseExportLine(JSON.stringify(record), 1)).toEqual(record);
  });

  it.each([
    ['{"eventId": ', /line 7: not JSON/],
    ['[1]', /line 7: not a JSON object/],
    [JSON.stringify({ ...record, extra: 1 }), /unknown field extra/],
    [JSON.stringify({ ...record, eventId: 'nope' }), /eventId must be a UUID/],
    [JSON.stringify({ ...record, streamId: '$et-x' }), /streamId/],
    [JSON.stringify({ ...record, revision: 3 }), /revision must be a decimal string/],
    [JSON.stringify({ ...record, position: { commit: '1' } }), /position/],
    [JSON.stringify({ ...record, created: 'yesterday' }), /created/],
    [JSON.stringify({ ...record, data: 'x' }), /data must be a JSON object/],
    [JSON.stringify({ ...record, metadata: null }), /metadata must be a JSON object/],
  ])('refuses %s, naming the line', (line, message) => {
    expect(() => parseExportLine(line, 7)).toThrow(ImportLineError);
    expect(() => parseExportLine(line, 7)).toThrow(message);
  });
});
