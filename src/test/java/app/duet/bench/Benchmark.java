package app.duet.bench;

import app.duet.bench.Stats.HistogramDelta;
import app.duet.bench.Stats.Samples;
import app.duet.bench.Stats.Scrape;
import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures the team quotes: send-to-ack latency and throughput over WebSocket at 1, 10 and
 * 100 concurrent senders, delivery latency to an online recipient, the memory cost of idle
 * WebSockets, and HTTP send latency for comparison. It starts its own server as a child JVM
 * (default durability: one fsync per commit), talks to it only over loopback, bounds every phase
 * in time and count, and stops by itself. See docs/BENCHMARK.md.
 *
 * <p>Run: {@code ./duet bench} (options: {@code ./duet bench --help}). The table goes to stdout,
 * progress to stderr.
 */
public final class Benchmark {
    private static final long ACK_TIMEOUT_MS = 10_000;
    private static final java.time.Duration HTTP_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** Command-line options. */
    static final class Options {
        double seconds = 10;        // measured seconds per load phase
        double ramp = 2;            // unmeasured seconds at the start of each load phase
        double warmup = 10;         // JIT warm-up before anything is measured
        int connections = 1000;     // idle WebSockets for the memory figure
        int idleUsers = 100;        // ...spread over this many users
        List<Integer> levels = List.of(1, 10, 100);
        int deliverySenders = 10;
        int httpSenders = 10;
        long maxPerSender = 100_000; // a count bound on top of the time bound
        double timeout = 300;       // the whole run, in seconds; then it gives up
        boolean keep;
        List<String> serverJvmArgs = List.of();

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> a = Arrays.stream(args).filter(s -> !s.isBlank()).map(String::trim).toList();
            for (int i = 0; i < a.size(); i++) {
                String arg = a.get(i);
                String key = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    key = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (key) {
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return null;
                    }
                    case "--quick" -> {
                        o.seconds = 3;
                        o.ramp = 1;
                        o.warmup = 3;
                        o.connections = 200;
                    }
                    case "--keep" -> o.keep = true;
                    default -> {
                        if (value == null) {
                            if (i + 1 >= a.size()) throw new IllegalArgumentException(key + " needs a value\n" + USAGE);
                            value = a.get(++i);
                        }
                        switch (key) {
                            case "--seconds" -> o.seconds = positive(key, Double.parseDouble(value));
                            case "--ramp" -> o.ramp = Double.parseDouble(value);
                            case "--warmup" -> o.warmup = Double.parseDouble(value);
                            case "--connections" -> o.connections = (int) positive(key, Integer.parseInt(value));
                            case "--idle-users" -> o.idleUsers = (int) positive(key, Integer.parseInt(value));
                            case "--levels" -> o.levels = Arrays.stream(value.split(",")).map(String::trim)
                                    .map(Integer::parseInt).map(n -> (int) positive("--levels", n)).toList();
                            case "--delivery-senders" -> o.deliverySenders = (int) positive(key, Integer.parseInt(value));
                            case "--http-senders" -> o.httpSenders = (int) positive(key, Integer.parseInt(value));
                            case "--max-per-sender" -> o.maxPerSender = (long) positive(key, Long.parseLong(value));
                            case "--timeout" -> o.timeout = positive(key, Double.parseDouble(value));
                            case "--server-jvm" -> {
                                List<String> jvm = new ArrayList<>(o.serverJvmArgs);
                                jvm.addAll(List.of(value.trim().split("\\s+")));
                                o.serverJvmArgs = List.copyOf(jvm);
                            }
                            default -> throw new IllegalArgumentException("unknown option " + key + "\n" + USAGE);
                        }
                    }
                }
            }
            return o;
        }

        private static double positive(String key, double v) {
            if (!(v > 0)) throw new IllegalArgumentException(key + " must be positive");
            return v;
        }

        static final String USAGE = """
                Usage: ./duet bench [options]
                  --seconds N           measured seconds per load phase (default 10)
                  --ramp N              unmeasured seconds at the start of each phase (default 2)
                  --warmup N            JIT warm-up seconds before anything is measured (default 10)
                  --levels 1,10,100     concurrent WebSocket senders, one level after another
                  --delivery-senders N  senders for the delivery-latency phase (default 10)
                  --http-senders N      senders for the HTTP phase (default 10)
                  --connections N       idle WebSockets for the memory figure (default 1000)
                  --idle-users N        users those connections are spread over (default 100)
                  --max-per-sender N    at most N messages per sender per phase (default 100000)
                  --timeout N           give up after N seconds in all (default 300)
                  --server-jvm=OPTION   an extra JVM option for the server, e.g. --server-jvm=-Xmx256m (repeatable)
                  --keep                keep the server's data folder and log
                  --quick               3 s phases, 200 idle connections: a smoke run""";
    }

    /** One load phase's results. */
    record Phase(String name, int senders, double seconds, Samples ack, Samples delivery, long deliveredInWindow,
                 HistogramDelta batches, HistogramDelta serverAck, double serverCpu, double serverSysCpu, double clientCpu,
                 double otherCpu, double[] threadCpu, Map<String, Integer> errors, int timeouts) {
        double throughput() { return ack.count() / seconds; }
    }

    /** Server, client and machine counters at one instant; a phase is the difference of two. */
    private record Reading(Scrape scrape, long serverCpu, long serverSysCpu, long[] threadCpu, long clientCpu, long machineBusy) { }

    private Reading read() throws IOException, InterruptedException {
        return new Reading(Scrape.parse(api.metrics()), server.cpuNanos(), server.systemCpuNanos(),
                server.threadGroupCpuNanos(), os.getProcessCpuTime(), machineBusyNanos());
    }

    /** A phase's results from its samples and the readings that open and close its window. */
    private static Phase phase(String name, int senders, double seconds, Samples ack, Samples delivery, long delivered,
                               Reading a, Reading b, Map<String, Integer> errors, int timeouts) {
        double ns = seconds * 1e9;
        long serverCpu = b.serverCpu() - a.serverCpu();
        long clientCpu = b.clientCpu() - a.clientCpu();
        double other = a.machineBusy() < 0 ? Double.NaN
                : Math.max(0, (b.machineBusy() - a.machineBusy()) - serverCpu - clientCpu) / ns;
        return new Phase(name, senders, seconds, ack, delivery, delivered,
                HistogramDelta.between(a.scrape(), b.scrape(), "duet_commit_batch_size"),
                HistogramDelta.between(a.scrape(), b.scrape(), "duet_send_to_ack_seconds"),
                serverCpu / ns, (b.serverSysCpu() - a.serverSysCpu()) / ns, clientCpu / ns, other,
                perCore(a.threadCpu(), b.threadCpu(), seconds), errors, timeouts);
    }

    /** The memory phase's results; -1 where a reading was not available. */
    record Memory(int connections, int users, String limitNote, long rssBeforeKb, long rssAfterKb, long rssOpenKb,
                  long heapBeforeKb, long heapAfterKb, long heapClosedKb, long heapCommittedKb,
                  long threadsBefore, long threadsAfter, long fdsBefore, long fdsAfter, double openSeconds,
                  Map<String, Integer> errors) { }

    private final Options o;
    private ServerProcess server;
    private ApiClient api;
    private URI wsUri;
    private final List<Session> senders = new ArrayList<>();
    private final List<Session> recipients = new ArrayList<>();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final String[] phaseTags = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
    private int phaseNo;
    private final String loadAtStart = loadAverage();

    private Benchmark(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            throw e;
        }
        if (o == null) return;
        new Benchmark(o).run();
    }

    private void run() throws Exception {
        Thread watchdog = Thread.ofPlatform().daemon(true).name("duet-bench-watchdog").start(() -> {
            try {
                Thread.sleep((long) (o.timeout * 1000));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] gave up: the run took longer than " + o.timeout + " s");
            if (server != null) server.close();
            Runtime.getRuntime().halt(2);
        });
        long runStart = System.nanoTime();
        String header = header();
        progress("starting the server (child JVM)...");
        long t0 = System.nanoTime();
        server = ServerProcess.start(o.serverJvmArgs, o.keep, 60_000);
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            wsUri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            api = new ApiClient(base, HTTP_TIMEOUT);
            progress(String.format(Locale.ROOT, "server pid %d on port %d, up in %.1f s; log %s",
                    server.pid(), server.port(), startSeconds, server.log()));

            int pairs = Math.max(o.idleUsers, Math.max(o.deliverySenders, Math.max(o.httpSenders,
                    o.levels.stream().mapToInt(Integer::intValue).max().orElse(1))));
            t0 = System.nanoTime();
            setUp(pairs);
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            progress(String.format(Locale.ROOT, "registered %d users and made %d contact pairs over HTTP in %.1f s",
                    2 * pairs, pairs, setupSeconds));

            // Warm-up, not measured: lets the JIT compile the WebSocket and HTTP send paths first.
            if (o.warmup > 0) {
                runWs("warm-up", Math.min(10, pairs), true, 0, o.warmup * 0.6);
                runHttp("warm-up", Math.min(10, pairs), 0, o.warmup * 0.4);
            }

            Memory memory = runMemory();

            List<Phase> levels = new ArrayList<>();
            for (int n : o.levels) levels.add(runWs("send " + n, n, false, o.ramp, o.seconds));
            Phase delivery = runWs("delivery " + o.deliverySenders, o.deliverySenders, true, o.ramp, o.seconds);
            Phase http = runHttp("HTTP send", o.httpSenders, o.ramp, o.seconds);

            Scrape end = Scrape.parse(api.metrics());
            boolean alive = server.isAlive();
            String report = report(header, startSeconds, levels, delivery, http, memory, end, alive,
                    (System.nanoTime() - runStart) / 1e9);
            System.out.flush();
            // UTF-8 whatever the locale: the report has an em dash and µs.
            java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                    java.nio.charset.StandardCharsets.UTF_8);
            out.println(report);
            out.flush();
        } catch (Exception | Error e) {
            progress("FAILED: " + e + (server.isAlive() ? "" : " (the server exited with " + server.exitCode().orElse(-1) + ")")
                    + "; the server's last lines:\n" + server.tail());
            throw e;
        } finally {
            if (api != null) api.close();
            progress("stopping the server" + (o.keep ? "; kept " + server.root() : ""));
            server.close();
            watchdog.interrupt();
        }
    }

    // ------------------------------------------------------------------ set-up

    private void setUp(int pairs) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Session>> s = new ArrayList<>();
            List<Future<Session>> r = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String n = String.format(Locale.ROOT, "%04d", i);
                s.add(pool.submit(() -> api.register("sender" + n, ApiClient.PASSWORD)));
                r.add(pool.submit(() -> api.register("recipient" + n, ApiClient.PASSWORD)));
            }
            for (int i = 0; i < pairs; i++) {
                senders.add(s.get(i).get());
                recipients.add(r.get(i).get());
            }
            List<Future<Void>> contacts = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                Session a = senders.get(i);
                Session b = recipients.get(i);
                contacts.add(pool.submit(() -> {
                    api.makeContacts(a, b);
                    return null;
                }));
            }
            for (Future<Void> f : contacts) f.get();
        }
    }

    // ------------------------------------------------------------------ WebSocket send phases

    /**
     * {@code n} senders, each a user with its own WebSocket, each sending to its own contact in a
     * closed loop: send, wait for the ack, send again. Runs for {@code ramp + measure} seconds and
     * keeps the samples whose send started inside the measured window. With
     * {@code recipientsOnline}, each recipient holds one WebSocket and the time from the send to
     * its {@code message} event is measured too.
     */
    private Phase runWs(String name, int n, boolean recipientsOnline, double ramp, double measure) throws Exception {
        String tag = phaseTags[phaseNo++ % phaseTags.length] + phaseNo;
        Map<String, AtomicInteger> errors = BenchSocket.newErrorCounts();
        List<BenchSocket> conns = new ArrayList<>();
        try {
            List<BenchSocket> out = openAll(senders.subList(0, n), errors, 32);
            conns.addAll(out);
            List<BenchSocket> in = recipientsOnline ? openAll(recipients.subList(0, n), errors, 32) : List.of();
            conns.addAll(in);
            Samples[] delivery = new Samples[n];
            AtomicLong deliveredInWindow = new AtomicLong();
            long startAt = System.nanoTime() + 200_000_000L;
            long from = startAt + (long) (ramp * 1e9);
            long to = from + (long) (measure * 1e9);
            if (recipientsOnline) {
                for (int i = 0; i < n; i++) {
                    Samples d = delivery[i] = new Samples();
                    long expectedFrom = senders.get(i).id();
                    in.get(i).onMessages((message, at) -> {
                        if (message.path("from").asLong() != expectedFrom) return;
                        String text = message.path("text").asText("");
                        int k = text.lastIndexOf("t0=");
                        if (k < 0) return;
                        long sentAt = Long.parseLong(text.substring(k + 3));
                        if (sentAt >= from && sentAt < to) {
                            synchronized (d) {
                                d.add(at - sentAt);
                            }
                            deliveredInWindow.incrementAndGet();
                        }
                    });
                }
            }
            progress(String.format(Locale.ROOT, "%s: %d sender%s%s, %.0f s ramp + %.0f s measured", name, n, n == 1 ? "" : "s",
                    recipientsOnline ? " (recipients online)" : "", ramp, measure));

            Samples[] acks = new Samples[n];
            AtomicInteger timeouts = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Samples mine = acks[i] = new Samples();
                BenchSocket conn = out.get(i);
                long peer = recipients.get(i).id();
                String prefix = tag + "-" + i + "-";
                int senderNo = i;
                threads.add(Thread.ofVirtual().name("sender-" + i).start(() -> {
                    sleepUntil(startAt);
                    for (long k = 0; k < o.maxPerSender; k++) {
                        long t0 = System.nanoTime();
                        if (t0 >= to) break;
                        String clientId = prefix + k;
                        String frame = "{\"type\":\"send\",\"to\":" + peer + ",\"text\":\"Benchmark message " + k
                                + " from sender " + senderNo + ", t0=" + t0 + "\",\"clientId\":\"" + clientId + "\"}";
                        try {
                            long at = conn.sendAndAwaitAck(frame, clientId, ACK_TIMEOUT_MS);
                            if (t0 >= from) mine.add(at - t0);
                        } catch (TimeoutException e) {
                            timeouts.incrementAndGet();
                            return; // a stuck sender would only skew the rest
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            if (conn.closed().isDone()) return;
                        }
                    }
                }));
            }
            sleepUntil(from);
            Reading before = read();
            sleepUntil(to);
            Reading after = read();
            for (Thread t : threads) t.join(ACK_TIMEOUT_MS + 5_000);

            Samples ack = new Samples();
            for (Samples s : acks) ack.addAll(s);
            Samples del = new Samples();
            if (recipientsOnline) {
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (deliveredInWindow.get() < ack.count() && System.nanoTime() < deadline) Thread.sleep(20);
                for (Samples s : delivery) {
                    synchronized (s) {
                        del.addAll(s);
                    }
                }
            }
            Map<String, Integer> errs = new TreeMap<>();
            errors.forEach((k, v) -> errs.put(k, v.get()));
            Phase p = phase(name, n, measure, ack, del, deliveredInWindow.get(), before, after, errs, timeouts.get());
            progress(String.format(Locale.ROOT, "%s: %d acks, %.0f acks/s, median %.2f ms, p99 %.2f ms%s%s", name, ack.count(),
                    p.throughput(), ack.medianMs(), ack.percentileMs(0.99),
                    recipientsOnline ? String.format(Locale.ROOT, ", delivery median %.2f ms", del.medianMs()) : "",
                    errs.isEmpty() ? "" : ", errors " + errs));
            return p;
        } finally {
            closeAll(conns);
        }
    }

    // ------------------------------------------------------------------ HTTP send phase

    private Phase runHttp(String name, int n, double ramp, double measure) throws Exception {
        String tag = phaseTags[phaseNo++ % phaseTags.length] + phaseNo;
        progress(String.format(Locale.ROOT, "%s: %d HTTP senders, %.0f s ramp + %.0f s measured", name, n, ramp, measure));
        Map<String, AtomicInteger> errors = BenchSocket.newErrorCounts();
        try (ApiClient client = new ApiClient(api.baseUri(), HTTP_TIMEOUT)) {
            long startAt = System.nanoTime() + 100_000_000L;
            long from = startAt + (long) (ramp * 1e9);
            long to = from + (long) (measure * 1e9);
            Samples[] lat = new Samples[n];
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Samples mine = lat[i] = new Samples();
                Session me = senders.get(i);
                String path = "/api/chats/" + recipients.get(i).id() + "/messages";
                String prefix = tag + "-" + i + "-";
                threads.add(Thread.ofVirtual().name("http-sender-" + i).start(() -> {
                    sleepUntil(startAt);
                    for (long k = 0; k < o.maxPerSender; k++) {
                        long t0 = System.nanoTime();
                        if (t0 >= to) break;
                        String body = "{\"text\":\"Benchmark message " + k + " over HTTP, t0=" + t0 + "\",\"clientId\":\"" + prefix + k + "\"}";
                        try {
                            ApiClient.Response r = client.post(path).as(me).body(body).send();
                            long t1 = System.nanoTime();
                            if (r.status() != 201) {
                                errors.computeIfAbsent("http_" + r.status(), x -> new AtomicInteger()).incrementAndGet();
                                continue;
                            }
                            if (t0 >= from) mine.add(t1 - t0);
                        } catch (UncheckedIOException e) {
                            errors.computeIfAbsent("http_io_error", x -> new AtomicInteger()).incrementAndGet();
                        } catch (IllegalStateException e) {
                            if (Thread.currentThread().isInterrupted()) return; // ApiClient's InterruptedException
                            throw e;
                        }
                    }
                }));
            }
            sleepUntil(from);
            Reading before = read();
            sleepUntil(to);
            Reading after = read();
            for (Thread t : threads) t.join(40_000);
            Samples all = new Samples();
            for (Samples s : lat) all.addAll(s);
            Map<String, Integer> errs = new TreeMap<>();
            errors.forEach((k, v) -> errs.put(k, v.get()));
            Phase p = phase("HTTP send " + n, n, measure, all, new Samples(), 0, before, after, errs, 0);
            progress(String.format(Locale.ROOT, "%s: %d requests, %.0f/s, median %.2f ms, p99 %.2f ms%s", name, all.count(),
                    p.throughput(), all.medianMs(), all.percentileMs(0.99), errs.isEmpty() ? "" : ", errors " + errs));
            return p;
        }
    }

    // ------------------------------------------------------------------ memory

    private Memory runMemory() throws Exception {
        int wanted = o.connections;
        int users = Math.min(o.idleUsers, senders.size());
        String note = "";
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long spare = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - 200;
            if (spare < wanted) {
                wanted = (int) Math.max(10, spare);
                note = "file-descriptor limit " + unix.getMaxFileDescriptorCount() + " (ulimit -n): opened "
                        + wanted + " instead of " + o.connections;
            }
        }
        progress("memory: " + wanted + " idle WebSockets over " + users + " users" + (note.isEmpty() ? "" : " (" + note + ")"));
        Map<String, AtomicInteger> errors = BenchSocket.newErrorCounts();
        List<BenchSocket> conns = new ArrayList<>();
        try {
            // Warm the handshake path first, so the "before" reading already holds its compiled code.
            closeAll(openAll(cycle(Math.min(100, wanted), users), errors, 64));
            Thread.sleep(1000);
            long heap0 = heap().map(h -> h[0]).orElse(-1L);
            long rss0 = server.rssKb();
            long threads0 = server.threads();
            long fds0 = server.fds();

            long t0 = System.nanoTime();
            conns.addAll(openAll(cycle(wanted, users), errors, 64));
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(3000); // idle
            long rssOpen = server.rssKb();
            long threads1 = server.threads();
            long fds1 = server.fds();
            Optional<long[]> h1 = heap();
            long heap1 = h1.map(h -> h[0]).orElse(-1L);
            long committed = h1.map(h -> h[1]).orElse(-1L);
            long rss1 = server.rssKb();

            closeAll(conns);
            conns.clear();
            Thread.sleep(1000);
            long heap2 = heap().map(h -> h[0]).orElse(-1L);
            Map<String, Integer> errs = new TreeMap<>();
            errors.forEach((k, v) -> errs.put(k, v.get()));
            Memory m = new Memory(wanted, users, note, rss0, rss1, rssOpen, heap0, heap1, heap2, committed,
                    threads0, threads1, fds0, fds1, openSeconds, errs);
            progress(String.format(Locale.ROOT, "memory: RSS %+.1f MB, heap %+.1f MB for %d connections (opened in %.1f s)",
                    (rss1 - rss0) / 1024.0, (heap1 - heap0) / 1024.0, wanted, openSeconds));
            return m;
        } finally {
            closeAll(conns);
        }
    }

    private Optional<long[]> heap() {
        return server.heapAfterGc();
    }

    /** {@code count} users taken round-robin from the first {@code users} senders. */
    private List<Session> cycle(int count, int users) {
        List<Session> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(senders.get(i % users));
        return out;
    }

    // ------------------------------------------------------------------ connections

    /** Opens a socket for each user, {@code inFlight} handshakes at a time, each on a virtual thread. */
    private List<BenchSocket> openAll(List<Session> users, Map<String, AtomicInteger> errors, int inFlight)
            throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        List<Future<BenchSocket>> opening = new ArrayList<>();
        List<BenchSocket> out = new ArrayList<>();
        Exception failure = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Session u : users) {
                permits.acquire();
                opening.add(pool.submit(() -> {
                    try {
                        return BenchSocket.open(wsUri, u, errors);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<BenchSocket> f : opening) {
                try {
                    out.add(f.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    if (failure == null) failure = e;
                }
            }
        }
        if (failure != null) {
            closeAll(out);
            throw new IllegalStateException("could not open " + users.size() + " WebSockets: " + failure, failure);
        }
        return out;
    }

    private static void closeAll(List<BenchSocket> conns) {
        for (BenchSocket c : conns) c.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (BenchSocket c : conns) {
            long left = deadline - System.nanoTime();
            try {
                c.closed().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                c.abort();
            }
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Busy CPU time of the whole machine so far (all processes, all cores), in nanoseconds; -1 off Linux. */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]); // not idle, iowait
            return busy * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void progress(String line) {
        System.err.println("[bench " + java.time.LocalTime.now(ZoneOffset.UTC).withNano(0) + "] " + line);
    }

    // ------------------------------------------------------------------ report

    private static String header() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "Duet benchmark — %s, %d cores, JDK %s%n%s%s %s, loopback only; server and client share the cores",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                cpu.isEmpty() ? "" : cpu + ", ", System.getProperty("os.name"), System.getProperty("os.version"));
    }

    private String report(String header, double startSeconds, List<Phase> levels, Phase delivery, Phase http, Memory m,
                          Scrape end, boolean alive, double runSeconds) {
        StringBuilder r = new StringBuilder();
        r.append('\n').append(header).append('\n');
        r.append(String.format(Locale.ROOT,
                "Server: child JVM (%s), SQLite WAL synchronous=FULL: one fsync per commit; up in %.1f s%n",
                o.serverJvmArgs.isEmpty() ? "default heap and GC" : String.join(" ", o.serverJvmArgs), startSeconds));
        r.append(String.format(Locale.ROOT,
                "%n1. Send -> ack over WebSocket: each sender its own user and socket, send, wait for the ack, repeat;%n"
                        + "   recipients offline; %.0f s measured per level after %.0f s ramp. Latencies in ms.%n", o.seconds, o.ramp));
        r.append(String.format(Locale.ROOT, "   %7s %7s %8s %7s %7s %7s %7s  %-19s %9s %7s %7s %7s%n",
                "senders", "acks", "acks/s", "median", "p90", "p99", "max", "batch mean/p50/p90", "commits/s", "server", "client", "other"));
        for (Phase p : levels) r.append(row(p));
        Phase first = levels.stream().filter(p -> p.senders() == 1).findFirst().orElse(null);
        Phase last = levels.stream().filter(p -> p.senders() == 100).findFirst().orElse(levels.get(levels.size() - 1));
        if (first != null && first != last && first.throughput() > 0) {
            r.append(String.format(Locale.ROOT, "   throughput %d vs 1 sender: %.1fx%n", last.senders(), last.throughput() / first.throughput()));
        }
        r.append(String.format(Locale.ROOT, "   server-side mean send->ack (duet_send_to_ack): %s%n", serverMeans(levels)));
        r.append(String.format(Locale.ROOT, "   server CPU per acked message: %s%n", cpuPerMessage(levels)));
        r.append(String.format(Locale.ROOT, "   CPU columns: %% of one core over the window (%d00%% = the machine): server JVM, this client JVM, all else%n",
                Runtime.getRuntime().availableProcessors()));
        r.append(String.format(Locale.ROOT, "   server CPU by thread, %% of one core (cmt-runq: time the committer was ready to run but had no core):%n   %7s", "senders"));
        for (String g : ServerProcess.THREAD_GROUPS) r.append(String.format(Locale.ROOT, " %10s", g));
        r.append('\n');
        for (Phase p : levels) r.append(threadRow(p));

        r.append(String.format(Locale.ROOT, "%n2. Delivery at %d senders, each recipient online with one socket:%n", delivery.senders()));
        r.append(String.format(Locale.ROOT, "   send -> recipient's message event: median %.2f ms, p90 %.2f, p99 %.2f, max %.2f  (%d events)%n",
                delivery.delivery().medianMs(), delivery.delivery().percentileMs(0.9), delivery.delivery().percentileMs(0.99),
                delivery.delivery().maxMs(), delivery.delivery().count()));
        r.append(String.format(Locale.ROOT, "   send -> ack, same run:              median %.2f ms, p90 %.2f, p99 %.2f, max %.2f  (%d acks, %.0f/s)%n",
                delivery.ack().medianMs(), delivery.ack().percentileMs(0.9), delivery.ack().percentileMs(0.99),
                delivery.ack().maxMs(), delivery.ack().count(), delivery.throughput()));
        if (delivery.deliveredInWindow() != delivery.ack().count()) {
            r.append(String.format(Locale.ROOT, "   NOTE: %d message events for %d acks in the window%n",
                    delivery.deliveredInWindow(), delivery.ack().count()));
        }

        r.append(String.format(Locale.ROOT, "%n3. Memory: %d idle WebSockets over %d users (%s each), server readings%n",
                m.connections(), m.users(), m.connections() % m.users() == 0 ? Integer.toString(m.connections() / m.users())
                        : String.format(Locale.ROOT, "%.1f", m.connections() / (double) m.users())));
        if (!m.limitNote().isEmpty()) r.append("   NOTE: ").append(m.limitNote()).append('\n');
        r.append(String.format(Locale.ROOT, "   heap used after full GC: %s before, %s open -> %s per connection; %s after closing them%n",
                mb(m.heapBeforeKb()), mb(m.heapAfterKb()), perConn(m.heapAfterKb() - m.heapBeforeKb(), m.connections(), m.heapBeforeKb(), m.heapAfterKb()),
                mb(m.heapClosedKb())));
        r.append(String.format(Locale.ROOT, "   RSS (VmRSS):             %s before, %s open -> %s per connection (%s before the GC)%n",
                mb(m.rssBeforeKb()), mb(m.rssAfterKb()), perConn(m.rssAfterKb() - m.rssBeforeKb(), m.connections(), m.rssBeforeKb(), m.rssAfterKb()),
                mb(m.rssOpenKb())));
        r.append(String.format(Locale.ROOT, "   threads %d -> %d, file descriptors %d -> %d; opened in %.1f s (%.0f handshakes/s); heap committed %s%n",
                m.threadsBefore(), m.threadsAfter(), m.fdsBefore(), m.fdsAfter(), m.openSeconds(),
                m.connections() / Math.max(1e-9, m.openSeconds()), mb(m.heapCommittedKb())));

        r.append(String.format(Locale.ROOT, "%n4. HTTP send for comparison: POST /api/chats/{peer}/messages, %d senders, keep-alive, closed loop%n", http.senders()));
        r.append(String.format(Locale.ROOT, "   %7s %7s %8s %7s %7s %7s %7s  %-19s %9s %7s %7s %7s%n",
                "senders", "201s", "req/s", "median", "p90", "p99", "max", "batch mean/p50/p90", "commits/s", "server", "client", "other"));
        r.append(row(http));
        r.append(String.format(Locale.ROOT, "   server CPU per stored message: %s%n", cpuPerMessage(List.of(http))));

        List<String> problems = new ArrayList<>();
        for (Phase p : levels) if (!p.errors().isEmpty() || p.timeouts() > 0) problems.add(p.name() + ": " + p.errors() + (p.timeouts() > 0 ? " timeouts " + p.timeouts() : ""));
        for (Phase p : List.of(delivery, http)) if (!p.errors().isEmpty() || p.timeouts() > 0) problems.add(p.name() + ": " + p.errors() + (p.timeouts() > 0 ? " timeouts " + p.timeouts() : ""));
        if (!m.errors().isEmpty()) problems.add("memory: " + m.errors());
        r.append(String.format(Locale.ROOT, "%nMessages stored in all: %.0f. Refused by the server: %.0f. Client-side errors: %s.%n",
                end.get("duet_messages_stored_total"), sumPrefix(end, "duet_refused_total"), problems.isEmpty() ? "none" : String.join("; ", problems)));
        double worstOther = 0;
        String worstPhase = "";
        List<Phase> all = new ArrayList<>(levels);
        all.add(delivery);
        all.add(http);
        for (Phase p : all) {
            if (p.otherCpu() > worstOther) {
                worstOther = p.otherCpu();
                worstPhase = p.name();
            }
        }
        if (worstOther > 0.25) {
            r.append(String.format(Locale.ROOT, "WARNING: other processes used up to %.0f%% of a core during the measurements (%s):%n"
                    + "         these figures understate what the server can do; rerun on a quiet machine.%n", worstOther * 100, worstPhase));
        }
        int logProblems = server.problemCount();
        r.append(String.format(Locale.ROOT, "Server log: %d WARN/ERROR line%s%s. Whole run %.0f s. Load average at start %s, at end %s.%n",
                logProblems, logProblems == 1 ? "" : "s", alive ? "" : "; THE SERVER DIED", runSeconds, loadAtStart, loadAverage()));
        for (String line : server.problems()) r.append("   ").append(line).append('\n');
        return r.toString();
    }

    private static String row(Phase p) {
        HistogramDelta b = p.batches();
        return String.format(Locale.ROOT, "   %7d %7d %8.0f %7.2f %7.2f %7.2f %7.2f  %5.1f / %-4s / %-5s %9.0f %6.0f%% %6.0f%% %6.0f%%%n",
                p.senders(), p.ack().count(), p.throughput(), p.ack().medianMs(), p.ack().percentileMs(0.9),
                p.ack().percentileMs(0.99), p.ack().maxMs(), b.mean(), bound(b.quantileUpperBound(0.5)), bound(b.quantileUpperBound(0.9)),
                b.count() / p.seconds(), p.serverCpu() * 100, p.clientCpu() * 100, p.otherCpu() * 100);
    }

    /** Per-group CPU over a window, as a fraction of one core; null without /proc. */
    private static double[] perCore(long[] before, long[] after, double seconds) {
        if (before == null || after == null) return null;
        double[] out = new double[before.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.max(0, after[i] - before[i]) / (seconds * 1e9);
        return out;
    }

    private static String threadRow(Phase p) {
        if (p.threadCpu() == null) return "";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "   %7d", p.senders()));
        for (double v : p.threadCpu()) b.append(String.format(Locale.ROOT, " %9.0f%%", v * 100));
        return b.append('\n').toString();
    }

    private static String cpuPerMessage(List<Phase> phases) {
        List<String> out = new ArrayList<>();
        for (Phase p : phases) {
            out.add(p.senders() + (p.senders() == 1 ? " sender " : " senders ")
                    + (p.ack().count() == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f µs (%.0f%% kernel)",
                    p.serverCpu() * p.seconds() * 1e6 / p.ack().count(), p.serverCpu() > 0 ? 100 * p.serverSysCpu() / p.serverCpu() : 0)));
        }
        return String.join(", ", out);
    }

    private static String serverMeans(List<Phase> levels) {
        List<String> out = new ArrayList<>();
        for (Phase p : levels) {
            HistogramDelta t = p.serverAck();
            out.add(p.senders() + ": " + (t.count() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f ms", t.mean() * 1000)));
        }
        return String.join(", ", out);
    }

    /** Bucket bounds are integers for batch sizes: "<=N". */
    private static String bound(double v) {
        if (Double.isNaN(v)) return "-";
        if (Double.isInfinite(v)) return ">1024";
        return v == Math.rint(v) && v <= 1 ? "1" : "<=" + (long) Math.ceil(v);
    }

    private static double sumPrefix(Scrape s, String prefix) {
        return s.series.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    private static String perConn(long deltaKb, int n, long a, long b) {
        if (a < 0 || b < 0 || n == 0) return "n/a";
        return String.format(Locale.ROOT, "%.1f KB", deltaKb / (double) n);
    }
}
