/**
 * Every request measured (`channelkeeper_http_request_duration_seconds`) and traced (one server span),
 * by its route pattern: `/v1/connections/:id`, never the URL, whose ids would make a series each and
 * whose path or query may carry a token (`/connect/:token`, `?token=`). A request no route matched is
 * `unmatched`. The span joins the caller's trace when the request carries a `traceparent`.
 */
import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../metrics.ts';
import { tracer } from '../tracing.ts';

const UNMATCHED = 'unmatched';

const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? UNMATCHED;

export function observeRequests(app: FastifyInstance, metrics: Metrics): void {
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', (request, _reply, done) => {
    const route = routeOf(request);
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer().startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route, 'channelkeeper.request_id': request.id } },
      parent,
    );
    spans.set(request, span);
    // Everything after this hook (body, handler, what it calls) runs in the span's context, so a
    // provider call made while answering nests under the request (observe-requests.test.ts proves it
    // for a request with a body too).
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest({ method: request.method, route: routeOf(request), status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    const span = spans.get(request);
    span?.setAttribute('channelkeeper.aborted', true);
    span?.end();
    done();
  });
}
