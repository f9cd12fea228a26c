import { eventually } from './eventually.js';

describe('eventually', () => {
  it('polls past undefined and false, and answers the first other value', async () => {
    const answers: Array<string | undefined | false> = [undefined, false, undefined, 'found'];
    let calls = 0;
    expect(await eventually(() => answers[calls++], 'the fourth answer')).toBe('found');
    expect(calls).toBe(4);
  });

  it('waits for a condition to hold', async () => {
    let calls = 0;
    expect(await eventually(() => ++calls === 3, 'the third call')).toBe(true);
    expect(calls).toBe(3);
  });

  it('fails past its deadline, naming what it waited for', async () => {
    await expect(eventually(async () => false, 'the impossible', 100)).rejects.toThrow(
      'Timed out after 100 ms waiting for the impossible',
    );
  });
});
