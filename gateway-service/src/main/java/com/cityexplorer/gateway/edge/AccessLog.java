package com.cityexplorer.gateway.edge;

import java.net.InetSocketAddress;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

import com.cityexplorer.platform.web.RequestIds;

/**
 * One access-log line per request on logger {@code city-explorer.access}, written when the request's
 * server observation stops, that is after the response (including an error answer made by the error
 * handler, which a web filter would not see) has been written:
 * <pre>
 * GET /api/v1/cities?page=0 200 12ms 345B client=10.0.0.7 requestId=… traceId=… spanId=…
 * </pre>
 * The trace and span are the gateway's server span (sampled or not), the one whose trace the gateway forwards in
 * {@code traceparent} (taken from the observation's tracing context: in a reactive pipeline the tracer's
 * "current span" is thread-bound and unreliable at this point). Headers are never logged, so neither is
 * {@code Authorization}. The byte count is the response's {@code Content-Length} when it has one
 * ({@code -} for streamed bodies), since counting bytes would wrap every response body.
 * <p>
 * Cheap by design: one StringBuilder and one log call per request, nothing when the logger is off.
 * {@code city-explorer.gateway.access-log.enabled=false} removes it altogether.
 */
@Component
@ConditionalOnProperty(name = "city-explorer.gateway.access-log.enabled", matchIfMissing = true)
class AccessLog implements ObservationHandler<ServerRequestObservationContext> {

    static final String LOGGER = "city-explorer.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    /** Key of the start time in the observation's context. */
    private static final Class<AccessLog> STARTED = AccessLog.class;

    @Override
    public void onStart(ServerRequestObservationContext context) {
        if (log.isInfoEnabled()) {
            context.put(STARTED, System.nanoTime());
        }
    }

    @Override
    public void onStop(ServerRequestObservationContext context) {
        Long started = context.get(STARTED);
        if (started == null || !log.isInfoEnabled()) {
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        ServerHttpRequest request = context.getCarrier();
        ServerHttpResponse response = context.getResponse();
        StringBuilder line = new StringBuilder(200);
        line.append(request.getMethod().name()).append(' ').append(request.getURI().getRawPath());
        String query = request.getURI().getRawQuery();
        if (query != null) {
            line.append('?').append(query);
        }
        HttpStatusCode status = response != null ? response.getStatusCode() : null;
        line.append(' ').append(context.isConnectionAborted() ? "aborted" : status != null ? Integer.toString(status.value()) : "200");
        line.append(' ').append(millis).append("ms ");
        long bytes = response != null ? response.getHeaders().getContentLength() : -1;
        if (bytes >= 0) {
            line.append(bytes).append('B');
        }
        else {
            line.append('-');
        }
        Object client = context.getAttributes().get(ClientAddress.ATTRIBUTE);
        InetSocketAddress remote = request.getRemoteAddress();
        line.append(" client=").append(client != null ? client
                : remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "-");
        Object requestId = context.getAttributes().get(RequestIds.ATTRIBUTE);
        line.append(" requestId=").append(requestId != null ? requestId : "-");
        TraceContext trace = traceOf(context);
        line.append(" traceId=").append(trace != null ? trace.traceId() : "-");
        line.append(" spanId=").append(trace != null ? trace.spanId() : "-");
        log.info(line.toString());
    }

    private static TraceContext traceOf(Observation.Context context) {
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        Span span = tracing != null ? tracing.getSpan() : null;
        if (span == null) {
            return null;
        }
        // Unsampled spans count too: their trace id is real, it is forwarded to the services and in their logs.
        TraceContext trace = span.context();
        String traceId = trace.traceId();
        return traceId == null || traceId.isEmpty() || traceId.chars().allMatch(c -> c == '0') ? null : trace;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ServerRequestObservationContext;
    }
}
