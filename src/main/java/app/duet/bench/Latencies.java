package app.duet.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * One latency figure (send → ack, say), recorded from any thread without locks (HdrHistogram's
 * {@link Recorder}) in microseconds, up to an hour, 3 significant digits.
 */
final class Latencies {
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
    }

    /** Everything recorded so far (takes what the recorder holds; call from one thread). */
    synchronized Histogram snapshot() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    /** Adds {@code name_p50_ms}, ... {@code name_max_ms} and {@code name_count} to a JSON line. */
    static void put(ObjectNode line, String name, Histogram h) {
        line.put(name + "_count", h.getTotalCount());
        if (h.getTotalCount() == 0) return;
        line.put(name + "_p50_ms", ms(h.getValueAtPercentile(50)));
        line.put(name + "_p90_ms", ms(h.getValueAtPercentile(90)));
        line.put(name + "_p99_ms", ms(h.getValueAtPercentile(99)));
        line.put(name + "_p999_ms", ms(h.getValueAtPercentile(99.9)));
        line.put(name + "_max_ms", ms(h.getMaxValue()));
    }

    static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
