import fc from 'fast-check';
import { SortedEntries } from './sorted-entries.js';

describe('SortedEntries', () => {
  it('stays sorted and in step with a plain array through inserts and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 })), { maxLength: 3000 }),
        (ops) => {
          const list = new SortedEntries<number>((a, b) => a - b);
          const model: number[] = [];
          for (const [add, v] of ops) {
            if (add) {
              list.insert(v);
              model.push(v);
            } else {
              const at = model.indexOf(v);
              expect(list.remove(v)).toBe(at >= 0);
              if (at >= 0) model.splice(at, 1);
            }
          }
          model.sort((a, b) => a - b);
          expect([...list.from(() => false)]).toEqual(model);
          expect([...list.all(true)]).toEqual([...model].reverse());
          expect([...list.from((e) => e < 150)]).toEqual(model.filter((v) => v >= 150));
        },
      ),
      { numRuns: 60 },
    );
  });
});
