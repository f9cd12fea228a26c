import diff, { type Difference } from 'microdiff';

export type LockOptions = {
  /**
   * For open schemas (the metadata): a new optional property breaks no reader or stored event,
   * so it may be added in place. A new required one, or any change to event data, may not.
   */
  allowNewOptionalProperties?: boolean;
};

/** A JSON Pointer (RFC 6901) to where two JSON values differ. */
const pointer = (path: (string | number)[]): string =>
  '/' + path.map((part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

const describe = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/**
 * How a published schema changed since it was locked, one line per difference, e.g.
 * `/properties/amount/minimum: 0 → 1` or `/required/4: added "balanceAfter"`. Empty when equal.
 */
export function schemaChanges(locked: unknown, current: unknown, options: LockOptions = {}): string[] {
  if (typeof locked !== 'object' || locked === null || typeof current !== 'object' || current === null) {
    return describe(locked) === describe(current) ? [] : [`/: ${describe(locked)} → ${describe(current)}`];
  }
  const additive = (change: Difference): boolean =>
    change.type === 'CREATE' && change.path.length === 2 && change.path[0] === 'properties';
  const changes = diff(locked as object, current as object);
  return changes
    .filter((change) => !(options.allowNewOptionalProperties && additive(change)))
    .map((change) => {
    const at = pointer(change.path);
    if (change.type === 'CREATE') return `${at}: added ${describe(change.value)}`;
    if (change.type === 'REMOVE') return `${at}: removed (was ${describe(change.oldValue)})`;
    return `${at}: ${describe(change.oldValue)} → ${describe(change.value)}`;
    });
}

/** The message CI prints when a published version's schema changed instead of a new version. */
export const frozenSchemaMessage = (name: string, changes: string[]): string =>
  `${name} is published and frozen, but its schema changed:\n  ${changes.join('\n  ')}\n` +
  'Stored events were written against the published schema. Put the old schema back and add the ' +
  'change as a new version (schema, upcaster, fixture: see the README, "Adding an event version").';
