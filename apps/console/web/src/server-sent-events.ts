export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/** The most a single event may hold before the feed is judged broken (the parser's buffer bound). */
export const MAX_EVENT_CHARS = 1 << 20;

/**
 * Parses a text/event-stream read in chunks (fetch, so the key goes in a header: EventSource
 * cannot send one). Comments and unknown fields are skipped, as the standard says.
 */
export class ServerSentEventParser {
  private buffer = '';

  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: ServerSentEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) events.push(event);
    }
    if (this.buffer.length > MAX_EVENT_CHARS) throw new Error('the feed sent an event larger than 1 MiB');
    return events;
  }
}

function parseBlock(block: string): ServerSentEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0 && id === undefined) return undefined;
  return { ...(id === undefined ? {} : { id }), event, data: data.join('\n') };
}
