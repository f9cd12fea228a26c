import { ApiKeyRegistry } from './api-key.registry.js';
import { InvalidApiKeysError, parseApiKeys } from './api-keys.js';

describe('parseApiKeys', () => {
  it('reads lists of keys per role, and the launcher file’s single strings', () => {
    expect(parseApiKeys('{"client":["k1","k1b"],"analyst":["k2"],"operator":["k3"]}')).toEqual({
      client: ['k1', 'k1b'],
      analyst: ['k2'],
      operator: ['k3'],
    });
    expect(parseApiKeys('{"client":"k1"}')).toEqual({ client: ['k1'] });
  });

  it.each([
    [undefined, /required/],
    ['', /required/],
    ['not json', /not valid JSON/],
    ['["k1"]', /must be a JSON object/],
    ['{"admin":["k"]}', /unknown role "admin"/],
    ['{"client":[""]}', /API_KEYS\.client must be/],
    ['{"client":[1]}', /API_KEYS\.client must be/],
    ['{"client":[]}', /no key at all/],
  ])('rejects %p', (json, message) => {
    expect(() => parseApiKeys(json)).toThrow(InvalidApiKeysError);
    expect(() => parseApiKeys(json)).toThrow(message);
  });

  it('never repeats a key in its messages', () => {
    expect(() => parseApiKeys('{"client":["secret-1", 7]}')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-1') }),
    );
  });
});

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry({ client: ['c1', 'shared'], operator: ['o1', 'shared'] });

  it('finds the roles of a known key and names it without the key', () => {
    expect(registry.authenticate('c1')).toEqual({ actor: 'api-key:client:0', roles: new Set(['client']) });
    expect(registry.authenticate('shared')?.roles).toEqual(new Set(['client', 'operator']));
    expect(JSON.stringify(registry.authenticate('o1'))).not.toContain('o1"');
  });

  it('knows no prefix, suffix or other spelling of a key', () => {
    for (const guess of ['', 'c', 'c1 ', 'C1', 'c10', 'xc1'])
      expect(registry.authenticate(guess)).toBeUndefined();
  });
});
