import { createHash } from 'node:crypto';
import { ApiKeyRegistry } from './api-key.registry.js';
import { InvalidApiKeysError, parseApiKeys } from './api-keys.js';

const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const OWNER = '6f1c2a34-0b7e-4f55-9a53-2d2b1c1e8a10';

describe('parseApiKeys', () => {
  it('reads lists of keys per role, and the launcher file’s single strings', () => {
    expect(parseApiKeys('{"client":["k1","k1b"],"analyst":["k2"],"operator":"k3"}')).toEqual([
      { role: 'client', name: 'api-key:client:0', sha256: sha('k1') },
      { role: 'client', name: 'api-key:client:1', sha256: sha('k1b') },
      { role: 'analyst', name: 'api-key:analyst:0', sha256: sha('k2') },
      { role: 'operator', name: 'api-key:operator:0', sha256: sha('k3') },
    ]);
  });

  it('reads named principals, with several keys to one name, digests and owner bindings', () => {
    const digest = `sha256:${sha('secret').toUpperCase()}`;
    const json = JSON.stringify({
      client: {
        'acme-web': 'k1',
        'acme-batch': ['k2', digest],
        tenant: { key: 'k4', owners: [OWNER.toUpperCase()] },
      },
      analyst: { bi: { keys: ['k5'] } },
    });
    expect(parseApiKeys(json)).toEqual([
      { role: 'client', name: 'acme-web', sha256: sha('k1') },
      { role: 'client', name: 'acme-batch', sha256: sha('k2') },
      { role: 'client', name: 'acme-batch', sha256: sha('secret') },
      { role: 'client', name: 'tenant', sha256: sha('k4'), owners: [OWNER] },
      { role: 'analyst', name: 'bi', sha256: sha('k5') },
    ]);
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
    ['{"client":{"bad name!":"k"}}', /principal name/],
    ['{"client":{"acme":{"key":"k","owners":[]}}}', /API_KEYS\.client\.acme\.owners must be/],
    ['{"client":{"acme":{"key":"k","owners":["not-a-uuid"]}}}', /owners must be/],
    ['{"client":{"acme":{"key":"k","role":"x"}}}', /unknown fields: role/],
    ['{"client":{"acme":"sha256:abc"}}', /not 64 hexadecimal digits/],
  ])('rejects %p', (json, message) => {
    expect(() => parseApiKeys(json)).toThrow(InvalidApiKeysError);
    expect(() => parseApiKeys(json)).toThrow(message);
  });

  it('never repeats a key in its messages', () => {
    for (const json of ['{"client":["secret-1", 7]}', '{"client":{"acme":{"key":"secret-1","owners":[]}}}']) {
      expect(() => parseApiKeys(json)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('secret-1') }),
      );
    }
  });
});

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry(parseApiKeys('{"client":["c1","shared"],"operator":["o1","shared"]}'));

  it('finds the roles of a known key and names it without the key', () => {
    expect(registry.authenticate('c1')).toEqual({ actor: 'api-key:client:0', roles: new Set(['client']) });
    expect(registry.authenticate('shared')?.roles).toEqual(new Set(['client', 'operator']));
    expect(JSON.stringify(registry.authenticate('o1'))).not.toContain('o1"');
  });

  it('knows no prefix, suffix or other spelling of a key', () => {
    for (const guess of ['', 'c', 'c1 ', 'C1', 'c10', 'xc1'])
      expect(registry.authenticate(guess)).toBeUndefined();
  });

  it('names a principal the same whichever of its keys is used, whatever their order', () => {
    const rotated = new ApiKeyRegistry(parseApiKeys('{"client":{"acme":["new","old"],"other":"x"}}'));
    const before = new ApiKeyRegistry(parseApiKeys('{"client":{"other":"x","acme":["old"]}}'));
    expect(rotated.authenticate('old')?.actor).toBe('acme');
    expect(rotated.authenticate('new')?.actor).toBe('acme');
    expect(before.authenticate('old')?.actor).toBe('acme');
  });

  it('authenticates a key configured only as its digest', () => {
    const registry = new ApiKeyRegistry(parseApiKeys(`{"analyst":{"bi":"sha256:${sha('the-key')}"}}`));
    expect(registry.authenticate('the-key')).toEqual({ actor: 'bi', roles: new Set(['analyst']) });
    expect(registry.authenticate(`sha256:${sha('the-key')}`)).toBeUndefined();
  });

  it('carries the owners a key is bound to', () => {
    const registry = new ApiKeyRegistry(
      parseApiKeys(`{"client":{"tenant":{"key":"t","owners":["${OWNER}"]}}}`),
    );
    expect(registry.authenticate('t')?.owners).toEqual(new Set([OWNER]));
  });
});
