package app.duet.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop step of the {@code chat} workload at a fixed total rate: message k is due at
 * {@code t0 + k / rate}, sent by one thread when due whatever the server is doing, and its
 * latencies count from when it was due, so a server that stalls cannot hide behind a generator
 * that stalls with it. Messages due in the warm-up are sent but not measured. After the last one
 * the step waits (the drain) for every ack and delivery; what is still missing then is lost.
 *
 * <p>Message k goes from one user of pair {@code k % pairs} to the other, alternating, with
 * {@code clientId} = the step's tag + k, which is how acks and deliveries find their message.
 */
final class ChatStep implements WireSocket.Sink {
    private static final int ACKED = 1;
    private static final int DELIVERED = 2;
    private static final int REFUSED = 4;

    private final List<WireSocket> sockets; // 2i and 2i+1 are a pair
    private final String tag;
    private final double rate;
    private final long count;
    private final long measuredFrom;
    private final long measuredTo;
    private final double periodNanos;
    private final String text;
    private final AtomicIntegerArray state;
    private final long[] lastSeqSeen;
    private final Latencies ack = new Latencies();
    private final Latencies delivered = new Latencies();
    private final Latencies lag = new Latencies();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder notSent = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile long t0;

    ChatStep(List<WireSocket> sockets, long[] lastSeqSeen, String tag, double rate, double warmupSeconds,
             double seconds, String text) {
        this.sockets = sockets;
        this.lastSeqSeen = lastSeqSeen;
        this.tag = tag;
        this.rate = rate;
        this.measuredFrom = (long) (rate * warmupSeconds);
        this.measuredTo = (long) (rate * (warmupSeconds + seconds));
        this.count = measuredTo;
        if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("too many messages in one step: " + count);
        this.periodNanos = 1e9 / rate;
        this.text = text;
        this.state = new AtomicIntegerArray((int) count);
    }

    private long due(long k) {
        return t0 + (long) (k * periodNanos);
    }

    /** Sends every message when due (on the calling thread), then waits up to {@code drainSeconds}. */
    ObjectNode run(double drainSeconds, List<Long> serverPids) {
        int pairs = sockets.size() / 2;
        CpuSample cpu0 = null;
        Map<Long, ProcessStats> perProcess0 = new LinkedHashMap<>();
        long measureStart = 0;
        t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long k = 0; k < count; k++) {
            if (k == measuredFrom) {
                measureStart = System.nanoTime();
                cpu0 = CpuSample.now(serverPids);
                for (long pid : serverPids) ProcessStats.of(pid).ifPresent(st -> perProcess0.put(pid, st));
            }
            long due = due(k);
            long now = System.nanoTime();
            while (now < due) { // sleep until due; a late wake-up shows as generator lag, never spins
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            if (k >= measuredFrom) lag.recordNanos(now - due);
            int pair = (int) (k % pairs);
            boolean flip = ((k / pairs) & 1) == 1;
            WireSocket from = sockets.get(2 * pair + (flip ? 1 : 0));
            WireSocket to = sockets.get(2 * pair + (flip ? 0 : 1));
            String frame = "{\"type\":\"send\",\"to\":" + to.user.id() + ",\"text\":\"" + text
                    + "\",\"clientId\":\"" + tag + k + "\"}";
            if (!from.send(frame)) {
                notSent.increment();
                state.getAndUpdate((int) k, s -> s | REFUSED);
            }
        }
        long measureEnd = System.nanoTime();
        CpuSample cpu1 = CpuSample.now(serverPids);
        Map<Long, ProcessStats> perProcess1 = new LinkedHashMap<>();
        for (long pid : serverPids) ProcessStats.of(pid).ifPresent(st -> perProcess1.put(pid, st));

        long drainUntil = System.nanoTime() + (long) (drainSeconds * 1e9);
        long missing = missing();
        while (missing > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            missing = missing();
        }
        long measured = measureEnd - measureStart;
        ObjectNode line = report(missing, measured, cpu0, cpu1);
        if (perProcess1.size() > 1) { // a cluster: who spent the CPU
            ObjectNode by = line.putObject("server_cores_by_process");
            for (Map.Entry<Long, ProcessStats> e : perProcess1.entrySet()) {
                ProcessStats before = perProcess0.get(e.getKey());
                if (before != null) by.put(ProcessStats.name(e.getKey()) + "-" + e.getKey(), round2(e.getValue().coresSince(before, measured)));
            }
        }
        return line;
    }

    private long missing() {
        long missing = 0;
        for (int k = 0; k < count; k++) {
            int s = state.get(k);
            if ((s & REFUSED) == 0 && (s & (ACKED | DELIVERED)) != (ACKED | DELIVERED)) missing++;
        }
        return missing;
    }

    private ObjectNode report(long lost, long measuredNanos, CpuSample cpu0, CpuSample cpu1) {
        ObjectNode line = JsonLines.line("chat");
        line.put("rate", rate);
        line.put("users", sockets.size());
        line.put("messages", count);
        line.put("measured", measuredTo - measuredFrom);
        Histogram deliveredH = delivered.snapshot();
        Histogram ackH = ack.snapshot();
        line.put("achieved_rate", measuredNanos > 0 ? Math.round((measuredTo - measuredFrom) * 1e9 / measuredNanos) : 0);
        Latencies.put(line, "delivered", deliveredH);
        Latencies.put(line, "ack", ackH);
        Latencies.put(line, "generator_lag", lag.snapshot());
        line.put("lost", lost);
        line.put("duplicated", duplicates.sum());
        line.put("out_of_order", outOfOrder.sum());
        line.put("not_sent", notSent.sum());
        line.put("unknown_frames", foreign.sum());
        ObjectNode errorCounts = line.putObject("errors");
        new TreeMap<>(errors).forEach((code, n) -> errorCounts.put(code, n.sum()));
        int peak = 0;
        for (WireSocket s : sockets) peak = Math.max(peak, s.peakPendingBytes());
        line.put("peak_socket_pending_bytes", peak);
        if (cpu0 != null && cpu0.self().isPresent() && cpu1.self().isPresent()) {
            line.put("generator_cores", round2(cpu1.self().get().coresSince(cpu0.self().get(), measuredNanos)));
        }
        if (cpu0 != null) cpu1.putSince(cpu0, line);
        cpu1.server().ifPresent(s -> line.put("server_rss_mib", s.rssBytes() / (1024 * 1024)));
        return line;
    }

    private static double round2(double v) {
        return CpuSample.round2(v);
    }

    /** Whether this step met the bar of {@code --find-max}: p99 within the bound and nothing lost or refused. */
    static boolean passes(ObjectNode line, double p99BoundMs) {
        return line.path("lost").asLong() == 0 && line.path("not_sent").asLong() == 0 && line.path("errors").isEmpty()
                && line.path("duplicated").asLong() == 0
                && line.path("delivered_p99_ms").asDouble(Double.MAX_VALUE) <= p99BoundMs
                && line.path("ack_p99_ms").asDouble(Double.MAX_VALUE) <= p99BoundMs;
    }

    @Override
    public void frame(WireSocket socket, String frame, long arrivedNanos) {
        if (frame.startsWith("{\"type\":\"ack\"")) {
            long k = messageNumber(frame);
            if (k < 0) return;
            if (!mark(k, ACKED)) duplicates.increment();
            else if (k >= measuredFrom) ack.recordNanos(arrivedNanos - due(k));
        } else if (frame.startsWith("{\"type\":\"message\"")) {
            long k = messageNumber(frame);
            if (k < 0) return;
            long seq = FrameScan.number(frame, "\"seq\":");
            synchronized (lastSeqSeen) {
                if (seq <= lastSeqSeen[socket.index]) outOfOrder.increment();
                else lastSeqSeen[socket.index] = seq;
            }
            if (!mark(k, DELIVERED)) duplicates.increment();
            else if (k >= measuredFrom) delivered.recordNanos(arrivedNanos - due(k));
        } else if (frame.startsWith("{\"type\":\"error\"")) {
            String code = FrameScan.string(frame, "\"code\":\"", 0);
            errors.computeIfAbsent(code == null ? "?" : code, c -> new LongAdder()).increment();
            long k = number(FrameScan.string(frame, "\"ref\":\"", 0));
            if (k >= 0) state.getAndUpdate((int) k, s -> s | REFUSED);
        } else if (!frame.startsWith("{\"type\":\"pong\"") && !frame.startsWith("{\"type\":\"presence\"")
                && !frame.startsWith("{\"type\":\"hello\"") && !frame.startsWith("{\"type\":\"chat\"")
                && !frame.startsWith("{\"type\":\"typing\"") && !frame.startsWith("{\"type\":\"read\"")) {
            foreign.increment();
        }
    }

    /** Marks message k; false if it already had that mark (a duplicate). */
    private boolean mark(long k, int bit) {
        int before = state.getAndUpdate((int) k, s -> s | bit);
        return (before & bit) == 0;
    }

    private long messageNumber(String frame) {
        return number(FrameScan.string(frame, "\"clientId\":\"", 0));
    }

    /** k from a clientId of this step ({@code tag + k}), or -1 for another step's or none. */
    private long number(String clientId) {
        if (clientId == null || !clientId.startsWith(tag)) return -1;
        long k = 0;
        for (int i = tag.length(); i < clientId.length(); i++) {
            char c = clientId.charAt(i);
            if (c < '0' || c > '9') return -1;
            k = k * 10 + (c - '0');
        }
        return k < count ? k : -1;
    }
}
