import { ROOT_CONTEXT, type Span, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/sdk-trace';
import { newSpanId, newTraceId, type TraceParent } from './trace-context.js';

export type SpanOptions = {
  parent?: TraceParent;
  kind?: 'server' | 'consumer' | 'internal';
  attributes?: Record<string, string | number | boolean>;
  startTime?: Date;
};

/** A span begun: its context (what follows carries it as `traceparent`) and its end. */
export type SpanHandle = {
  context: TraceParent;
  end(attributes?: Record<string, string | number | boolean>, failed?: boolean): void;
};

const KINDS = { server: SpanKind.SERVER, consumer: SpanKind.CONSUMER, internal: SpanKind.INTERNAL };

/**
 * Spans exported over OTLP/HTTP when an endpoint is configured. Without one no SDK is loaded:
 * trace contexts are still carried (new span ids, the caller's trace id), nothing is recorded.
 * A provider per app, never the global one: several apps may share a process (tests).
 */
export class Tracing {
  private constructor(private readonly provider?: TracerProvider) {}

  /** `endpoint` is OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to /v1/traces. */
  static async start(options: { service: string; endpoint?: string }): Promise<Tracing> {
    if (options.endpoint === undefined) return new Tracing();
    // Loaded only here: without an endpoint the SDK is never imported. One after the other: jest's
    // ESM loader fails on concurrent imports of shared modules.
    const { TracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace');
    const { resourceFromAttributes } = await import('@opentelemetry/resources');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` });
    return new Tracing(
      new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': options.service }),
        // Bounded: past 2,048 spans waiting for the collector, new ones are dropped (and counted by the SDK).
        spanProcessors: [
          new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1_000, maxQueueSize: 2_048 }),
        ],
      }),
    );
  }

  get enabled(): boolean {
    return this.provider !== undefined;
  }

  startSpan(name: string, options: SpanOptions = {}): SpanHandle {
    const { parent } = options;
    if (!this.provider) {
      const context = {
        traceId: parent?.traceId ?? newTraceId(),
        spanId: newSpanId(),
        flags: parent?.flags ?? '00',
      };
      return { context, end: () => undefined };
    }
    const parentContext = parent
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: parent.traceId,
          spanId: parent.spanId,
          traceFlags: parseInt(parent.flags, 16) & TraceFlags.SAMPLED,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    const span: Span = this.provider.getTracer('ledger').startSpan(
      name,
      {
        kind: KINDS[options.kind ?? 'internal'],
        attributes: options.attributes,
        startTime: options.startTime,
      },
      parentContext,
    );
    const { traceId, spanId, traceFlags } = span.spanContext();
    return {
      context: { traceId, spanId, flags: traceFlags.toString(16).padStart(2, '0') },
      end: (attributes, failed) => {
        if (attributes) span.setAttributes(attributes);
        if (failed) span.setStatus({ code: 2 });
        span.end();
      },
    };
  }

  /** Sends what is pending and stops the exporter (on app close). */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}
