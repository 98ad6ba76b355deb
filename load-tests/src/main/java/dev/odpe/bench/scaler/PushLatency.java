package dev.odpe.bench.scaler;

import dev.odpe.bench.webhook.AlertGroups;
import dev.odpe.bench.webhook.Poster;
import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.IsActiveResponse;
import dev.odpe.externalscaler.ScaledObjectRef;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Webhook → StreamIsActive push: {@code pools} idle pools (intents only, minReplicas 0) each hold an
 * open StreamIsActive stream, as KEDA does for {@code external-push}; then, one pool at a time, a
 * latency alert for that pool is posted and the time until its stream delivers {@code true} recorded.
 */
public final class PushLatency {

    public record Result(Histogram micros, int pushed, int missing) {
        public double millis(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private PushLatency() {}

    /** Pools {@code first … first+pools-1} of {@code alerts}: distinct runs of one engine use distinct ranges. */
    public static Result run(
            ExternalScalerGrpc.ExternalScalerStub streams,
            Poster poster,
            URI webhook,
            AlertGroups alerts,
            int first,
            int pools,
            Duration pause)
            throws Exception {
        Map<Integer, Long> activeAt = new ConcurrentHashMap<>();
        Map<Integer, CountDownLatch> active = new ConcurrentHashMap<>();
        for (int i = 0; i < pools; i++) {
            active.put(i, new CountDownLatch(1));
            int pool = i;
            String name = poolOf(alerts, first + i);
            ScaledObjectRef ref = ScaledObjectRef.newBuilder()
                    .setName("push-" + i)
                    .setNamespace("bench")
                    .putScalerMetadata("pool", name)
                    .build();
            streams.streamIsActive(ref, new StreamObserver<>() {
                @Override
                public void onNext(IsActiveResponse value) {
                    if (value.getResult() && activeAt.putIfAbsent(pool, System.nanoTime()) == null) {
                        active.get(pool).countDown();
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
            });
        }
        Thread.sleep(1_000); // every stream registered and its first (false) answer sent
        Histogram micros = new Histogram(60_000_000L, 3);
        int missing = 0;
        for (int i = 0; i < pools; i++) {
            long sent = System.nanoTime();
            int status = poster.post(webhook, alerts.group(first + i).body());
            active.get(i).await(5, TimeUnit.SECONDS); // blocking, not spinning: the engine needs the cores
            Long at = activeAt.get(i);
            if (status / 100 != 2 || at == null) {
                missing++;
            } else {
                micros.recordValue(Math.max(0, (at - sent) / 1_000));
            }
            Thread.sleep(pause.toMillis());
        }
        return new Result(micros, pools - missing, missing);
    }

    /** The pool label of the one alert in group {@code i} (AlertGroups names pools {@code run-i-0}). */
    static String poolOf(AlertGroups alerts, int i) {
        return alerts.runId() + "-" + i + "-0";
    }
}
