import { RequestValidationException } from './request-validation.exception.js';
import { MAX_JSON_DEPTH, NestingTooDeepError, parseJsonBody } from './json-body.parser.js';

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseJsonBody', () => {
  it('parses JSON, from a buffer or a string, with or without a byte-order mark', () => {
    expect(parseJsonBody(Buffer.from('{"amount":1,"tags":["a"]}'))).toEqual({ amount: 1, tags: ['a'] });
    expect(parseJsonBody('\ufeff{"a":null}')).toEqual({ a: null });
    expect(parseJsonBody('7')).toBe(7);
  });

  it('refuses empty and malformed bodies with Fastify’s own errors', () => {
    expect(() => parseJsonBody('')).toThrow(expect.objectContaining({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }));
    expect(() => parseJsonBody('{"a":')).toThrow(
      expect.objectContaining({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }),
    );
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more, without recursion`, () => {
    expect(() => parseJsonBody(nestedArrays(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseJsonBody(nestedArrays(MAX_JSON_DEPTH + 1))).toThrow(NestingTooDeepError);
    // Far deeper than the call stack would allow a recursive walk.
    expect(() => parseJsonBody(nestedArrays(200_000))).toThrow(NestingTooDeepError);
  });

  it('counts a deep branch beside shallow ones', () => {
    expect(() => parseJsonBody(`{"a":1,"b":[1,2],"c":${nestedArrays(3)}}`, 4)).not.toThrow();
    expect(() => parseJsonBody(`{"a":1,"b":[1,2],"c":${nestedArrays(4)}}`, 4)).toThrow(
      'deeper than 4 levels',
    );
  });

  it('names every key that could reach a prototype, with its path', () => {
    const body = '{"__proto__":{"admin":true},"items":[{"constructor":{"prototype":{}}}],"constructor":"ok"}';
    let thrown: unknown;
    try {
      parseJsonBody(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestValidationException);
    expect((thrown as RequestValidationException).errors).toEqual(
      expect.arrayContaining([
        { field: '__proto__', message: 'property __proto__ should not exist' },
        { field: 'items.0.constructor', message: 'property constructor should not exist' },
      ]),
    );
    expect((thrown as RequestValidationException).errors).toHaveLength(2);
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });
});
