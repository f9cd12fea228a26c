import { testDatabaseName, testEventStore, testMongo } from './test-servers.js';

describe('the test servers named by the environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('hands out the external servers as they are named, started by nobody and stopped by nobody', async () => {
    process.env.TEST_EVENTSTORE_URL = 'esdb://kurrentdb:2113?tls=false';
    process.env.TEST_MONGODB_URL = 'mongodb://mongodb:27017/?replicaSet=rs0';
    const [store, mongo] = await Promise.all([testEventStore(), testMongo()]);
    expect(store).toMatchObject({ url: 'esdb://kurrentdb:2113?tls=false', external: true });
    expect(mongo).toMatchObject({ url: 'mongodb://mongodb:27017/?replicaSet=rs0', external: true });
    await expect(store.stop()).resolves.toBeUndefined();
  });

  it('refuses a variable that is no connection string, saying which and what it expected', async () => {
    process.env.TEST_EVENTSTORE_URL = 'http://localhost:2113';
    process.env.TEST_MONGODB_URL = 'localhost:27017';
    await expect(testEventStore()).rejects.toThrow(
      'TEST_EVENTSTORE_URL must be an esdb:// connection string, got "http://localhost:2113"',
    );
    await expect(testMongo()).rejects.toThrow('TEST_MONGODB_URL must be a mongodb:// connection string');
  });

  it('names a database no other test uses, within MongoDB’s 63 characters', () => {
    const names = new Set(Array.from({ length: 100 }, () => testDatabaseName('a'.repeat(40))));
    expect(names.size).toBe(100);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
  });
});
