import { StreamBusyError } from './command-pipeline.errors.js';
import { StreamLock } from './stream-lock.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamLock', () => {
  it('runs tasks on one stream one at a time, in order, even when one fails', async () => {
    const lock = new StreamLock();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      lock.run('s', task('a')),
      lock.run('s', task('b', true)),
      lock.run('s', task('c')),
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await tick();
    expect(lock.pending).toBe(0);
  });

  it('lets different streams run side by side', async () => {
    const lock = new StreamLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([lock.run('s1', task('a')), lock.run('s2', task('b'))]);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('refuses a command past the bound on one stream at once, and takes them again once drained', async () => {
    const lock = new StreamLock(2);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = [lock.run('s', () => gate), lock.run('s', async () => 'second')];
    await expect(lock.run('s', async () => 'third')).rejects.toBeInstanceOf(StreamBusyError);
    await expect(lock.run('other', async () => 'elsewhere')).resolves.toBe('elsewhere');
    release();
    await Promise.all(running);
    await tick();
    await expect(lock.run('s', async () => 'later')).resolves.toBe('later');
  });
});
