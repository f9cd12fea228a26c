/**
 * Compose's variable substitution, as far as these files use it: `${NAME}`, `${NAME:-default}` and
 * `${NAME:?message}` (which stops compose with the message when NAME is unset or empty).
 */
export function interpolate(value: string, vars: Readonly<Record<string, string>>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, arg?: string) => {
    const set = vars[name];
    if (set !== undefined && set !== '') return set;
    if (kind === '?') throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return kind === '-' ? (arg ?? '') : '';
  });
}
