package app.duet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Latency samples with exact percentiles, and the little Prometheus parsing the report needs. */
final class Stats {
    private Stats() { }

    /** Latencies in nanoseconds. Not thread-safe: one per writer, merged afterwards. */
    static final class Samples {
        private long[] values = new long[1024];
        private int size;
        private boolean sorted;

        void add(long nanos) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = nanos;
            sorted = false;
        }

        void addAll(Samples other) {
            for (int i = 0; i < other.size; i++) add(other.values[i]);
        }

        int count() { return size; }

        /** Nearest-rank percentile, in milliseconds; NaN when empty. */
        double percentileMs(double q) {
            if (size == 0) return Double.NaN;
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
            int rank = (int) Math.ceil(q * size);
            return values[Math.min(size - 1, Math.max(0, rank - 1))] / 1e6;
        }

        double medianMs() { return percentileMs(0.50); }

        double maxMs() { return percentileMs(1.0); }
    }

    /** One scrape of {@code /metrics}: series (name with labels) to value. */
    static final class Scrape {
        final Map<String, Double> series = new HashMap<>();

        static Scrape parse(String text) {
            Scrape s = new Scrape();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int space = line.lastIndexOf(' ');
                if (space < 0) continue;
                try {
                    s.series.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
            return s;
        }

        double get(String name) {
            return series.getOrDefault(name, 0.0);
        }

        /** The cumulative buckets of a histogram: {le, count}, sorted by le (+Inf last). */
        List<double[]> buckets(String histogram) {
            String prefix = histogram + "_bucket{le=\"";
            List<double[]> out = new ArrayList<>();
            for (Map.Entry<String, Double> e : series.entrySet()) {
                if (!e.getKey().startsWith(prefix)) continue;
                String le = e.getKey().substring(prefix.length(), e.getKey().indexOf('"', prefix.length()));
                out.add(new double[]{le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), e.getValue()});
            }
            out.sort((a, b) -> Double.compare(a[0], b[0]));
            return out;
        }
    }

    /** What a histogram recorded between two scrapes. */
    record HistogramDelta(double count, double sum, List<double[]> buckets) {
        static HistogramDelta between(Scrape before, Scrape after, String name) {
            List<double[]> a = after.buckets(name);
            Map<Double, Double> b = new HashMap<>();
            for (double[] x : before.buckets(name)) b.put(x[0], x[1]);
            List<double[]> diff = new ArrayList<>();
            for (double[] x : a) diff.add(new double[]{x[0], x[1] - b.getOrDefault(x[0], 0.0)});
            return new HistogramDelta(after.get(name + "_count") - before.get(name + "_count"),
                    after.get(name + "_sum") - before.get(name + "_sum"), diff);
        }

        double mean() { return count == 0 ? Double.NaN : sum / count; }

        /** The upper bound of the bucket holding the q-th observation: "at most this". */
        double quantileUpperBound(double q) {
            if (count == 0) return Double.NaN;
            double need = Math.ceil(q * count);
            for (double[] x : buckets) if (x[1] >= need) return x[0];
            return Double.POSITIVE_INFINITY;
        }
    }
}
