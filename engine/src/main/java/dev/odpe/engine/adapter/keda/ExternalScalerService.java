package dev.odpe.engine.adapter.keda;

import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.GetMetricSpecResponse;
import dev.odpe.externalscaler.GetMetricsRequest;
import dev.odpe.externalscaler.GetMetricsResponse;
import dev.odpe.externalscaler.IsActiveResponse;
import dev.odpe.externalscaler.MetricSpec;
import dev.odpe.externalscaler.MetricValue;
import dev.odpe.externalscaler.ScaledObjectRef;
import dev.odpe.scaler.InvalidMetadataException;
import dev.odpe.scaler.PoolScaler;
import dev.odpe.scaler.ScalerMetadata;
import dev.odpe.scaler.ScalingAnswer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.logging.Log;
import java.util.regex.Pattern;

/**
 * KEDA's external scaler over gRPC. Every RPC answers from memory ({@link PoolSnapshots}); none
 * waits on Prometheus or the API server. Errors are statuses KEDA understands: INVALID_ARGUMENT
 * (bad metadata, naming the key, or a metric name this ScaledObject does not serve), UNAVAILABLE
 * (a signal without a trustworthy value: KEDA applies its fallback), UNIMPLEMENTED
 * (StreamMetricSpec: KEDA keeps polling GetMetricSpec), PERMISSION_DENIED (a namespace not in
 * {@code odpe.scaler.allowed-namespaces}), RESOURCE_EXHAUSTED (a new ScaledObject beyond
 * {@code odpe.scaler.max-scaled-objects}); see {@link ScaledObjectAdmission}.
 */
@GrpcService
public class ExternalScalerService extends ExternalScalerGrpc.ExternalScalerImplBase {

    /** KEDA's AverageValue target: metric value = desired replicas → HPA replicas = ceil(value / 1). */
    private static final long TARGET_PER_REPLICA = 1;

    /** RFC 1123 label, as Kubernetes namespaces are. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** RFC 1123 subdomain, as ScaledObject names are. */
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final PoolSnapshots snapshots;
    private final ActivityStreams streams;
    private final ScaledObjectAdmission admission;
    private final PoolMetrics poolMetrics;

    public ExternalScalerService(
            PoolSnapshots snapshots,
            ActivityStreams streams,
            ScaledObjectAdmission admission,
            PoolMetrics poolMetrics) {
        this.snapshots = snapshots;
        this.streams = streams;
        this.admission = admission;
        this.poolMetrics = poolMetrics;
    }

    @Override
    public void isActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> out) {
        try {
            ScalerMetadata metadata = metadata(ref);
            ScalingAnswer answer = PoolScaler.activity(snapshots.snapshot(ref.getName(), metadata));
            out.onNext(IsActiveResponse.newBuilder()
                    .setResult(desired(answer).active())
                    .build());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void getMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> out) {
        try {
            ScalerMetadata metadata = metadata(ref);
            out.onNext(GetMetricSpecResponse.newBuilder()
                    .addMetricSpecs(MetricSpec.newBuilder()
                            .setMetricName(metadata.metricName())
                            .setTargetSize(TARGET_PER_REPLICA)
                            .setTargetSizeFloat(TARGET_PER_REPLICA))
                    .build());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> out) {
        try {
            ScaledObjectRef ref = request.getScaledObjectRef();
            ScalerMetadata metadata = metadata(ref);
            if (!metadata.metricName().equals(request.getMetricName())) {
                // KEDA strips its "sN-" prefix and asks for exactly what GetMetricSpec announced; another
                // name is a caller error that no retry fixes (NOT_FOUND would suggest it may appear later).
                throw Status.INVALID_ARGUMENT
                        .withDescription("metricName '" + InvalidMetadataException.printable(request.getMetricName())
                                + "' is not served for ScaledObject " + ref.getNamespace() + "/" + ref.getName()
                                + "; GetMetricSpec announces '" + metadata.metricName() + "'")
                        .asRuntimeException();
            }
            ScalingAnswer answer = PoolScaler.desired(snapshots.snapshot(ref.getName(), metadata));
            poolMetrics.answered(new ScaledObjectId(ref.getNamespace(), ref.getName()), metadata, answer);
            ScalingAnswer.Desired desired = desired(answer);
            out.onNext(GetMetricsResponse.newBuilder()
                    .addMetricValues(MetricValue.newBuilder()
                            .setMetricName(metadata.metricName())
                            .setMetricValue(desired.replicas())
                            .setMetricValueFloat(desired.replicas()))
                    .build());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void streamIsActive(ScaledObjectRef ref, StreamObserver<IsActiveResponse> out) {
        ScalerMetadata metadata;
        try {
            metadata = metadata(ref);
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        ActivityStream stream =
                new ActivityStream(ref.getName(), metadata, (ServerCallStreamObserver<IsActiveResponse>) out);
        stream.observer.setOnCancelHandler(() -> streams.unsubscribe(stream));
        stream.observer.setOnReadyHandler(stream::push);
        streams.subscribe(stream);
        if (stream.observer.isCancelled()) {
            streams.unsubscribe(stream); // cancelled before it was registered: the handler found nothing to remove
            return;
        }
        stream.push();
    }

    @Override
    public void streamMetricSpec(ScaledObjectRef ref, StreamObserver<GetMetricSpecResponse> out) {
        out.onError(Status.UNIMPLEMENTED
                .withDescription("ODPE's metric spec never changes for a ScaledObject; poll GetMetricSpec")
                .asRuntimeException());
    }

    /** Admission (namespace, then the bound on remembered ScaledObjects) and parsed metadata, before any state is kept. */
    private ScalerMetadata metadata(ScaledObjectRef ref) {
        checkRef("namespace", ref.getNamespace(), NAMESPACE, 63);
        checkRef("name", ref.getName(), NAME, 253);
        admission.checkNamespace(ref.getNamespace());
        ScalerMetadata metadata;
        try {
            metadata = snapshots.metadata(ref.getNamespace(), ref.getScalerMetadataMap());
        } catch (InvalidMetadataException e) {
            Log.debugf("KEDA scaler: ScaledObject %s/%s: %s", ref.getNamespace(), ref.getName(), e.getMessage());
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        admission.admit(new ScaledObjectId(ref.getNamespace(), ref.getName()));
        return metadata;
    }

    /**
     * The ScaledObjectRef's namespace and name must be Kubernetes names (KEDA sends nothing else): they key
     * the state kept per ScaledObject, name the scale target to read and are quoted in errors.
     */
    private static void checkRef(String field, String value, Pattern syntax, int maxChars) {
        String problem;
        if (value.isBlank()) {
            problem = "required";
        } else if (value.length() > maxChars) {
            problem = "longer than " + maxChars + " characters (" + value.length() + ")";
        } else if (!syntax.matcher(value).matches()) {
            problem = "not a Kubernetes name (lowercase letters, digits, '-'" + (syntax == NAME ? ", '.'" : "") + "): '"
                    + InvalidMetadataException.printable(value) + "'";
        } else {
            return;
        }
        throw Status.INVALID_ARGUMENT
                .withDescription("ScaledObjectRef field '" + field + "': " + problem)
                .asRuntimeException();
    }

    private static ScalingAnswer.Desired desired(ScalingAnswer answer) {
        if (answer instanceof ScalingAnswer.Unavailable unavailable) {
            throw Status.UNAVAILABLE.withDescription(unavailable.message()).asRuntimeException();
        }
        return (ScalingAnswer.Desired) answer;
    }

    /** One StreamIsActive subscriber. Pushes are serialised: gRPC observers are not thread-safe. */
    private final class ActivityStream implements ActivityStreams.Subscriber {

        private final String name;
        private final ScalerMetadata metadata;
        private final PoolKey pool;
        private final ServerCallStreamObserver<IsActiveResponse> observer;
        private boolean closed;

        ActivityStream(String name, ScalerMetadata metadata, ServerCallStreamObserver<IsActiveResponse> observer) {
            this.name = name;
            this.metadata = metadata;
            this.pool = new PoolKey(metadata.namespace(), metadata.pool());
            this.observer = observer;
        }

        @Override
        public PoolKey pool() {
            return pool;
        }

        @Override
        public synchronized void push() {
            if (closed || observer.isCancelled()) {
                return;
            }
            if (!observer.isReady()) {
                return; // a slow reader gets the then-current answer from the on-ready handler, not a backlog
            }
            ScalingAnswer answer = PoolScaler.activity(snapshots.snapshot(name, metadata));
            if (answer instanceof ScalingAnswer.Desired desired) {
                observer.onNext(IsActiveResponse.newBuilder()
                        .setResult(desired.active())
                        .build());
            } else {
                // KEDA acts only on "true" here; the polling path reports the unavailable signal.
                Log.debugf("KEDA scaler: StreamIsActive %s: %s", pool, ((ScalingAnswer.Unavailable) answer).message());
            }
        }

        @Override
        public synchronized void complete() {
            if (!closed && !observer.isCancelled()) {
                closed = true;
                observer.onCompleted();
            }
        }
    }
}
