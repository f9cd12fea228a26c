import type { EventView } from '@ledger/api-views';
import { causationTree } from './causation-tree';

const event = (eventId: string, eventType: string, causationId: string): EventView => ({
  eventId,
  eventType,
  streamId: 's',
  revision: '0',
  position: '0',
  created: '2026-01-01T00:00:00.000Z',
  schemaVersion: 1,
  upcast: false,
  data: {},
  metadata: { correlationId: 'c', causationId },
});

describe('a correlation as a tree of causes', () => {
  it('hangs each step under the event that caused it, in log order', () => {
    const tree = causationTree([
      event('r', 'TransferRequested', 'command-1'),
      event('d', 'TransferDebited', 'r'),
      event('rd', 'TransferSourceDebited', 'd'),
      event('c', 'TransferCredited', 'rd'),
      event('done', 'TransferCompleted', 'c'),
    ]);
    const shape = (nodes: typeof tree): unknown =>
      nodes.map((n) => ({ [n.event.eventType]: shape(n.children) }));
    expect(shape(tree)).toEqual([
      {
        TransferRequested: [
          {
            TransferDebited: [{ TransferSourceDebited: [{ TransferCredited: [{ TransferCompleted: [] }] }] }],
          },
        ],
      },
    ]);
  });

  it('makes roots of events whose cause is missing, and places every event once even in a cycle', () => {
    const tree = causationTree([event('a', 'A', 'b'), event('b', 'B', 'a'), event('x', 'X', 'elsewhere')]);
    const count = (nodes: typeof tree): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);
    expect(count(tree)).toBe(3);
    expect(tree.map((n) => n.event.eventId)).toContain('x');
  });
});
