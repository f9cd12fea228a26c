import { resolveCorrelationId } from './correlation-id.js';

describe('resolveCorrelationId', () => {
  const generate = () => 'generated';

  it('keeps a sane caller token', () => {
    expect(resolveCorrelationId('req-42:abc.DEF_x@svc', generate)).toBe('req-42:abc.DEF_x@svc');
  });

  it.each([[undefined], [''], ['has space'], ['x'.repeat(129)], [['a', 'b']], ['new\nline']])(
    'replaces %p',
    (header) => {
      expect(resolveCorrelationId(header, generate)).toBe('generated');
    },
  );
});
