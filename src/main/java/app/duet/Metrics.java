package app.duet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/** The meters an operator watches, served at {@code /metrics} in the Prometheus text format. */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter messagesStored;
    private final Timer sendToAck;
    private final DistributionSummary commitBatchSize;
    private final Timer busLag;

    public Metrics() {
        messagesStored = Counter.builder("duet_messages_stored")
                .description("Messages durably stored").register(registry);
        sendToAck = Timer.builder("duet_send_to_ack")
                .description("Time from a send being accepted to its acknowledgement")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        commitBatchSize = DistributionSummary.builder("duet_commit_batch_size")
                .description("Messages written per group-commit transaction")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1024.0)
                .register(registry);
        // Registered on every node, so that it is there (empty) on one without Redis too.
        busLag = Timer.builder("duet_bus_lag")
                .description("Time from another node publishing an event on the bus to this node receiving it, "
                        + "by the two nodes' wall clocks: across machines it includes their clock skew (keep them synchronised "
                        + "with NTP); a negative difference counts as 0")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        // The process itself: heap and GC pauses (what shapes p99.9, docs/PERFORMANCE.md), threads, CPU, uptime.
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * One HTTP request answered. {@code route} is the matched route's template (so the label has
     * as many values as there are routes, whatever the paths asked for), {@code status} its class.
     */
    public void httpRequest(String method, String route, int status, long nanos) {
        Timer.builder("duet_http_requests").description("HTTP requests answered, by route template and status class")
                .tag("method", method).tag("route", route).tag("status", (status / 100) + "xx")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** One WebSocket frame from a client handled (a send until it is queued for the committer). */
    public void frameHandled(String type, long nanos) {
        Timer.builder("duet_ws_frames").description("WebSocket frames from clients handled, by type")
                .tag("type", type).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void messageStored() { messagesStored.increment(); }

    public void sendAcknowledged(long nanos) { sendToAck.record(Duration.ofNanos(nanos)); }

    public void commitBatch(int size) { commitBatchSize.record(size); }

    /**
     * An event from another node received off the bus, {@code lag} after it was published there
     * (wall clocks of two hosts: skew makes it wrong by their difference; below 0 counts as 0).
     */
    public void busLag(Duration lag) { busLag.record(lag.isNegative() ? Duration.ZERO : lag); }

    /** A WebSocket frame or HTTP request refused with this code. */
    public void refused(ErrorCode code) {
        Counter.builder("duet_refused").description("Requests and frames refused, by error code")
                .tag("code", code.code()).register(registry).increment();
    }

    public String scrape() { return registry.scrape(); }
}
