import { DocumentUpdate, foldUpdates, toUpdateDocument } from './document-update.js';

const ops = (build: (u: DocumentUpdate) => unknown) => {
  const update = new DocumentUpdate();
  build(update);
  return update.ops;
};

describe('folding the updates of several events on one document', () => {
  it("folds a new document's events into one write: setOnInsert of the first becomes set, incs add up", () => {
    const writes = foldUpdates(
      [
        ops((u) => u.setOnInsert('owner', 'ann').set('balance', 0)),
        ops((u) => u.inc('balance', 50).setOnInsert('owner', 'bob')),
        ops((u) => u.inc('balance', -20).max('lastAt', 3).addToSet('tags', 'a')),
        ops((u) => u.max('lastAt', 2).addToSet('tags', 'a', 'b')),
      ],
      false,
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ first: 0, last: 3 });
    expect(toUpdateDocument(writes[0]!.slots)).toEqual({
      $set: { owner: 'ann', balance: 30 },
      $max: { lastAt: 3 },
      $addToSet: { tags: { $each: ['a', 'b'] } },
    });
  });

  it('drops every setOnInsert when the document exists', () => {
    const [write] = foldUpdates(
      [ops((u) => u.setOnInsert('owner', 'ann').inc('n', 1)), ops((u) => u.inc('n', 2))],
      true,
    );
    expect(toUpdateDocument(write!.slots)).toEqual({ $inc: { n: 3 } });
  });

  it('starts a second write where two intents cannot share one update document', () => {
    const writes = foldUpdates(
      [
        ops((u) => u.inc('n', 1)),
        ops((u) => u.max('n', 5)),
        ops((u) => u.set('totals', {})),
        ops((u) => u.inc('totals.eur', 1)),
      ],
      true,
    );
    expect(writes.map((w) => [w.first, w.last, toUpdateDocument(w.slots)])).toEqual([
      [0, 0, { $inc: { n: 1 } }],
      [1, 2, { $max: { n: 5 }, $set: { totals: {} } }],
      [3, 3, { $inc: { 'totals.eur': 1 } }],
    ]);
  });

  it('refuses intents on the fields the engine writes', () => {
    expect(() => new DocumentUpdate().set('position', 1)).toThrow('written by the engine');
  });
});
