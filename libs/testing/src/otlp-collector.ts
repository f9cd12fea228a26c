import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string };
type OtlpExport = { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };

/** A local OTLP/HTTP collector for tests: keeps every span posted to it (JSON encoding). */
export interface OtlpCollector {
  /** What OTEL_EXPORTER_OTLP_ENDPOINT takes. */
  url: string;
  spans: OtlpSpan[];
  /** The path of every export received, in order. */
  posts: string[];
  stop(): Promise<void>;
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: OtlpSpan[] = [];
  const posts: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      posts.push(request.url ?? '');
      const parsed = JSON.parse(body) as OtlpExport;
      for (const resource of parsed.resourceSpans)
        for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    posts,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
