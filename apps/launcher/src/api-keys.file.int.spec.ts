import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeysFileError, apiKeysFile, apiKeysVariable, loadOrCreateApiKeys } from './api-keys.file.js';

describe('the generated API keys file', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'launcher-keys-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is created on first start with a different random key per role, readable by its owner only', async () => {
    const { keys, created } = await loadOrCreateApiKeys(dir);
    expect(created).toBe(true);
    expect(new Set(Object.values(keys)).size).toBe(3);
    for (const key of Object.values(keys)) expect(key).toMatch(/^[\w-]{32}$/);
    expect(JSON.parse(await readFile(apiKeysFile(dir), 'utf8'))).toEqual(keys);
    expect((await stat(apiKeysFile(dir))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(apiKeysVariable(keys))).toEqual({
      client: [keys.client],
      analyst: [keys.analyst],
      operator: [keys.operator],
    });
  });

  it('is reused on restart, and another data folder gets other keys', async () => {
    const first = await loadOrCreateApiKeys(dir);
    const again = await loadOrCreateApiKeys(dir);
    expect(again).toEqual({ keys: first.keys, created: false });
    const other = await mkdtemp(join(tmpdir(), 'launcher-keys-'));
    try {
      expect((await loadOrCreateApiKeys(other)).keys.client).not.toBe(first.keys.client);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('when damaged, is an error naming the file and left as it was', async () => {
    await writeFile(apiKeysFile(dir), '{"client": "short"}');
    await expect(loadOrCreateApiKeys(dir)).rejects.toThrow(ApiKeysFileError);
    await expect(loadOrCreateApiKeys(dir)).rejects.toThrow(
      `${apiKeysFile(dir)} needs a key of at least 16 characters for client, analyst, operator`,
    );
    await writeFile(apiKeysFile(dir), 'not json');
    await expect(loadOrCreateApiKeys(dir)).rejects.toThrow('is not JSON');
    expect(await readFile(apiKeysFile(dir), 'utf8')).toBe('not json');
  });
});
