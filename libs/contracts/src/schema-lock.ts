import diff from 'microdiff';

/** A JSON Pointer (RFC 6901) to where two JSON values differ. */
const pointer = (path: (string | number)[]): string =>
  '/' + path.map((part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

const describe = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/**
 * How a published schema changed since it was locked, one line per difference, e.g.
 * `/properties/amount/minimum: 0 → 1` or `/required/4: added "balanceAfter"`. Empty when equal.
 */
export function schemaChanges(locked: unknown, current: unknown): string[] {
  if (typeof locked !== 'object' || locked === null || typeof current !== 'object' || current === null) {
    return describe(locked) === describe(current) ? [] : [`/: ${describe(locked)} → ${describe(current)}`];
  }
  return diff(locked as object, current as object).map((change) => {
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
