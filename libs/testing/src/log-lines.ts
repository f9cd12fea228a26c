/**
 * A log destination for an app under test (its `logDestination` option): keeps every line the
 * app's pino logger writes, parsed as JSON (a line that is not JSON fails the test).
 */
export class LogLines {
  private written = '';

  readonly destination = {
    write: (chunk: string): void => {
      this.written += chunk;
    },
  };

  all(): Array<Record<string, unknown>> {
    return this.written
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The lines whose `field` equals `value`, or contains it when the field is an array. */
  where(field: string, value: unknown): Array<Record<string, unknown>> {
    return this.all().filter((line) => {
      const found = line[field];
      return Array.isArray(found) ? found.includes(value) : found === value;
    });
  }
}
