/** A server-side `$all` filter on stream name or event type, by prefixes or a regex. */
export interface EventFilter {
  on: 'stream' | 'type';
  prefixes: readonly string[];
  regex: RegExp | undefined;
}

export function filterMatches(filter: EventFilter, streamName: string, type: string): boolean {
  const subject = filter.on === 'stream' ? streamName : type;
  if (filter.regex) return filter.regex.test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}
