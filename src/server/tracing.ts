import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { getOperationAST, type DocumentNode, type execute } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RciObserver } from '../rci/observer.js';
import { errorsOf, isAsyncIterable, type ResultPart } from './incremental.js';

/**
 * OpenTelemetry traces: one SERVER span per GraphQL operation (a child of the caller's W3C `traceparent`
 * when it sends one; an incremental response's span ends after its last part) and one CLIENT span per
 * RCI call attempt beneath it, whose context goes to RCI as `traceparent`. Spans are exported over
 * OTLP/HTTP in batches.
 *
 * The RCI spans find their operation through the active context: the operation's execution runs inside
 * `context.with(…)`, and Node's AsyncLocalStorage (registered by the provider) carries it through the
 * resolvers and DataLoader batches into the RCI client's observer.
 */

export interface TracingOptions {
  /** OTLP/HTTP base URL, e.g. `http://otel-collector:4318`; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** The spans' `service.name`. @default 'rci-graphql-gateway' */
  serviceName?: string;
}

export interface GatewayTracing {
  /** Subscribe the RCI client with this (`new RciClient({ observer })`). */
  observer: RciObserver;
  /** The Yoga plugin that opens a span per operation. */
  plugin: Plugin;
  /** Exports the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

export function createTracing(options: TracingOptions): GatewayTracing {
  const propagator = new W3CTraceContextPropagator();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'rci-graphql-gateway' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces` }))],
  });
  // Installs the AsyncLocalStorage context manager and the W3C propagator process-wide.
  provider.register({ propagator });
  const tracer = provider.getTracer('rci-graphql-gateway');
  return {
    observer: rciSpans(tracer),
    plugin: operationSpans(tracer),
    shutdown: () => provider.shutdown(),
  };
}

function operationSpans(tracer: Tracer): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      const parent: Context = request ? propagation.extract(ROOT_CONTEXT, request.headers, headerGetter) : ROOT_CONTEXT;
      const operation = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined);
      const type = operation?.operation ?? 'query';
      const name = operation?.name?.value;
      const span = tracer.startSpan(
        name ? `${type} ${name}` : type,
        {
          kind: SpanKind.SERVER,
          attributes: { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) },
          startTime: now(),
        },
        parent,
      );
      const active = trace.setSpan(parent, span);
      const run = executeFn as typeof execute;
      setExecuteFn((executionArgs) => context.with(active, () => run(executionArgs)));
      const codes = new Set<string>();
      let errorCount = 0;
      const record = (part: ResultPart) => {
        for (const error of errorsOf(part)) {
          errorCount++;
          codes.add(typeof error.extensions?.code === 'string' ? error.extensions.code : 'ERROR');
        }
      };
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        if (errorCount) {
          span.setAttribute('graphql.error.codes', [...codes]);
          span.setStatus({ code: SpanStatusCode.ERROR, message: `${errorCount} error(s)` });
        }
        span.end(now());
      };
      return {
        onExecuteDone({ result }) {
          // An incremental response is one operation: its span ends after the last part, and its RCI
          // calls (deferred ones too) run inside the context set above.
          if (isAsyncIterable(result)) {
            return {
              onNext: ({ result: part }) => {
                record(part as ResultPart);
                if ((part as ResultPart).hasNext === false) end();
              },
              onEnd: end,
            };
          }
          record(result);
          end();
          return undefined;
        },
      };
    },
  };
}

function rciSpans(tracer: Tracer): RciObserver {
  return {
    callStarted({ method, template, attempt }) {
      const parent = context.active();
      const span = tracer.startSpan(
        `RCI ${method} ${template}`,
        {
          kind: SpanKind.CLIENT,
          attributes: { 'http.request.method': method, 'rci.resource': template, 'rci.retry_count': attempt },
          startTime: now(),
        },
        parent,
      );
      const headers: Record<string, string> = {};
      propagation.inject(trace.setSpan(parent, span), headers);
      return {
        headers,
        end({ status, code }) {
          if (status !== undefined) span.setAttribute('http.response.status_code', status);
          if (code) {
            span.setAttribute('rci.error_code', code);
            span.setStatus({ code: SpanStatusCode.ERROR, message: code });
          }
          span.end(now());
        },
      };
    },
  };
}

/**
 * Every span's start and end, in epoch milliseconds from one monotonic clock. Left to itself, the SDK
 * anchors each span to `Date.now()` when it starts (millisecond steps), so a call that ended just before
 * its operation could be shown ending up to a millisecond after it.
 */
function now(): number {
  return performance.timeOrigin + performance.now();
}
