import {
  DEFAULT_RATE_LIMITS,
  InvalidRateLimitsError,
  limitForRoles,
  parseRateLimits,
} from './rate-limits.js';

describe('parseRateLimits', () => {
  it('defaults to limits one principal can drive a load test through', () => {
    expect(parseRateLimits(undefined)).toEqual({
      client: 20_000,
      analyst: 20_000,
      operator: 1_000,
      unauthenticated: 100,
    });
    expect(parseRateLimits('  ')).toEqual(DEFAULT_RATE_LIMITS);
  });

  it('reads some names and keeps the defaults of the others; 0 turns a limit off', () => {
    expect(parseRateLimits('{"client":5,"unauthenticated":0}')).toEqual({
      ...DEFAULT_RATE_LIMITS,
      client: 5,
      unauthenticated: 0,
    });
  });

  it.each([
    ['{"client":', /not valid JSON/],
    ['[1]', /must be a JSON object/],
    ['20000', /must be a JSON object/],
    ['{"admin":1}', /unknown name "admin"; names are client, analyst, operator, unauthenticated/],
    ['{"client":-1}', /RATE_LIMITS\.client must be a whole number/],
    ['{"client":1.5}', /RATE_LIMITS\.client must be a whole number/],
    ['{"client":"100"}', /RATE_LIMITS\.client must be a whole number/],
    ['{"analyst":null}', /RATE_LIMITS\.analyst must be a whole number/],
  ])('refuses %s, saying why', (json, message) => {
    expect(() => parseRateLimits(json)).toThrow(InvalidRateLimitsError);
    expect(() => parseRateLimits(json)).toThrow(message);
  });
});

describe('limitForRoles', () => {
  const limits = { client: 10, analyst: 50, operator: 0, unauthenticated: 1 };

  it('gives a principal its most generous role’s limit, unlimited (0) beating any number', () => {
    expect(limitForRoles(new Set(['client']), limits)).toBe(10);
    expect(limitForRoles(new Set(['client', 'analyst']), limits)).toBe(50);
    expect(limitForRoles(new Set(['client', 'operator']), limits)).toBe(0);
  });
});
