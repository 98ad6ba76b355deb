package dev.odpe.engine.ingest.drift;

import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * The trace a drift event's decisions belong to. A transport-level {@code traceparent} (HTTP or Kafka
 * header) is already in the ingest span's context; an event that carries the CloudEvents
 * distributed-tracing extension instead (structured mode puts it inside the JSON) continues that trace.
 */
public final class EventTrace {

    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private EventTrace() {}

    /**
     * @param transport        the context of the span that received the event
     * @param transportCarried whether the transport itself carried a {@code traceparent} header
     */
    public static Context parentOf(CloudEvent event, Context transport, boolean transportCarried) {
        if (transportCarried || !(event.getExtension(TRACEPARENT) instanceof String)) {
            return transport;
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), event, EXTENSIONS);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : transport;
    }

    private static final TextMapGetter<CloudEvent> EXTENSIONS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(CloudEvent event) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(CloudEvent event, String key) {
            Object value = event == null ? null : event.getExtension(key);
            return value == null ? null : value.toString();
        }
    };
}
