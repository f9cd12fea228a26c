import type { EventView } from '@ledger/api-views';

export interface CauseNode {
  event: EventView;
  children: CauseNode[];
}

/**
 * The events of one correlation as a tree of causes: an event hangs under the event its
 * `causationId` names; one whose cause is not among them (a command) is a root. Log order is kept
 * at every level, and a cycle (which no honest log holds) cannot loop: each event is placed once.
 */
export function causationTree(events: readonly EventView[]): CauseNode[] {
  const nodes = new Map(events.map((event) => [event.eventId, { event, children: [] as CauseNode[] }]));
  const roots: CauseNode[] = [];
  for (const node of nodes.values()) {
    const cause = node.event.metadata.causationId;
    const parent = typeof cause === 'string' && cause !== node.event.eventId ? nodes.get(cause) : undefined;
    if (parent && !isDescendant(parent, node)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function isDescendant(candidate: CauseNode, of: CauseNode): boolean {
  return of.children.some((child) => child === candidate || isDescendant(candidate, child));
}
