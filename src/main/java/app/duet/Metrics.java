package app.duet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
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
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void messageStored() { messagesStored.increment(); }

    public void sendAcknowledged(long nanos) { sendToAck.record(Duration.ofNanos(nanos)); }

    public void commitBatch(int size) { commitBatchSize.record(size); }

    /** A WebSocket frame or HTTP request refused with this code. */
    public void refused(ErrorCode code) {
        Counter.builder("duet_refused").description("Requests and frames refused, by error code")
                .tag("code", code.code()).register(registry).increment();
    }

    public String scrape() { return registry.scrape(); }
}
