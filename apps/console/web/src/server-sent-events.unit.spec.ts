import { MAX_EVENT_CHARS, ServerSentEventParser } from './server-sent-events';

describe('reading the live feed', () => {
  it('gives each event once it is complete, however the chunks cut it', () => {
    const parser = new ServerSentEventParser();
    expect(parser.push('id: 1:1\nevent: ev')).toEqual([]);
    expect(
      parser.push('ent\ndata: {"a":1}\n\n: still here\n\nid: 2:2\r\ndata: x\r\ndata: y\r\n\r\n'),
    ).toEqual([
      { id: '1:1', event: 'event', data: '{"a":1}' },
      { id: '2:2', event: 'message', data: 'x\ny' },
    ]);
  });

  it('refuses an event that never ends instead of growing without bound', () => {
    const parser = new ServerSentEventParser();
    expect(() => parser.push(`data: ${'x'.repeat(MAX_EVENT_CHARS)}`)).toThrow(/larger than 1 MiB/);
  });
});
