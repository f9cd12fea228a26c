import { formatTraceparent, parseTraceparent } from './trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads a version 00 header', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: '01' });
  });

  it('reads a later version by its first four fields, as the specification says', () => {
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-00-what-comes-next`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      flags: '00',
    });
  });

  it.each([
    [undefined],
    [''],
    [`ff-${TRACE}-${SPAN}-01`],
    [`00-${TRACE}-${SPAN}-01-extra`],
    [`00-${'0'.repeat(32)}-${SPAN}-01`],
    [`00-${TRACE}-${'0'.repeat(16)}-01`],
    [`00-${TRACE.toUpperCase()}-${SPAN}-01`],
    [`00-${TRACE.slice(1)}-${SPAN}-01`],
    [[`00-${TRACE}-${SPAN}-01`]],
  ])('refuses %p (a new trace starts instead)', (header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('writes version 00 back', () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, flags: '01' })).toBe(`00-${TRACE}-${SPAN}-01`);
  });
});
