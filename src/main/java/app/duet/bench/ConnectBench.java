package app.duet.bench;

import app.duet.DuetConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code duet bench connect}: how many idle, authenticated WebSockets a server holds, how fast it
 * lets them in, and what each costs it.
 *
 * <p>C connections over U users (in turn: connection i is user {@code i % U}'s) are opened in open
 * loop: connection i is due at {@code t0 + i / rate} and its TCP connect starts then, whatever
 * the earlier ones are doing ({@link WireSocket} never blocks the caller); with {@code --rate 0}
 * each starts as soon as fewer than {@code --max-in-flight} handshakes are under way, and is due
 * when it starts. A connection is up when its {@code hello} has arrived; its latencies (to the
 * {@code 101}, to the {@code hello}) count from when it was due. One that is not up within
 * {@code --timeout} fails, as do refused ones, each counted by cause.
 *
 * <p>With {@code --server-pid}, the opening stops at 0, C/10, 2C/10, ... connections: once the
 * batch's handshakes are over and a short settle has passed, the server's heap in use after a
 * full GC ({@link ServerHeap}) and then its RSS are taken (a checkpoint line); the schedule then goes on
 * from where it stopped, so the pauses count in no latency. The bytes per connection are the
 * least-squares slope over the checkpoints from C/10 on: the one at 0 is printed but left out,
 * since the first batch also pays what is paid once (classes loaded, code compiled, buffer pools
 * filled: on a fresh server, ~20 MiB of RSS for the first 200). Then every socket is held idle for {@code --hold}
 * seconds (the server's pings are answered) and those still open are counted. {@code --burst B}
 * then opens B more all at once, with the others still held, and reports their latencies.
 *
 * <p>Lines: {@code connect_checkpoint} (connections open, {@code rss_bytes},
 * {@code heap_used_bytes}, server threads and open files); {@code connect} (up, failed,
 * {@code failures} by cause, {@code achieved_rate}: connections up per second of opening,
 * checkpoint pauses left out; {@code to_101_*} and {@code to_hello_*} percentiles;
 * {@code generator_lag_*}: how late connections started; {@code rss_bytes_per_connection},
 * {@code heap_bytes_per_connection}, fitted from {@code slope_from_connections} on; after the hold {@code still_open}, {@code closed} by the
 * server's close code, {@code pings_answered}); {@code connect_burst} (the same for the burst).
 *
 * <p>Sources: Linux gives one source address about 28,000 ephemeral ports, so past
 * {@value #PER_SOURCE_ADDRESS} connections (or with {@code --source-addresses}) the sockets are
 * spread over 127.0.0.1, 127.0.0.2, ...: the whole of 127.0.0.0/8 is this machine's loopback.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Opens many authenticated idle WebSockets at a fixed rate in open loop: handshake latency, the server's "
                + "memory per connection (--server-pid), how many stay open (--hold), and a burst opened at once (--burst).")
public final class ConnectBench implements Callable<Integer> {
    /** Connections per source address: below the 28,232 ports of Linux's default ephemeral range. */
    static final int PER_SOURCE_ADDRESS = 25_000;
    private static final int CHECKPOINTS = 10;
    private static final int FILE_MARGIN = 200;
    private static final int MAX_PENDING_BYTES = 64 * 1024;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int PENDING = 0;
    private static final int UP = 1;
    private static final int FAILED = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    Target target = new Target();

    @Option(names = "--connections", description = "WebSockets opened and held (default: ${DEFAULT-VALUE}).")
    int connections = 1000;

    @Option(names = "--users", description = "Users the connections are dealt to in turn; 0: as few as --max-sockets-per-user allows (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--max-sockets-per-user", description = "The target's cap on one user's sockets (serve --max-sockets-per-user); no user gets more (default: ${DEFAULT-VALUE}, the server's default).")
    int maxSocketsPerUser = DuetConfig.DEFAULTS.maxSocketsPerUser();

    @Option(names = "--rate", description = "New connections per second, in open loop; 0: as fast as --max-in-flight allows (default: ${DEFAULT-VALUE}).")
    double rate = 500;

    @Option(names = "--max-in-flight", description = "With --rate 0, handshakes under way at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight = 256;

    @Option(names = "--source-addresses", description = "Spread the connections over 127.0.0.1 .. 127.0.0.N; 0: one per " + PER_SOURCE_ADDRESS + " connections (default: ${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(names = "--hold", description = "Seconds all connections are held idle before counting those still open (default: ${DEFAULT-VALUE}).")
    double hold = 10;

    @Option(names = "--burst", description = "After the main run (or alone, with --connections 0), this many more opened at once (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--timeout", description = "Seconds a connection may take from due to hello before it counts as failed (default: ${DEFAULT-VALUE}).")
    double timeout = 30;

    @Option(names = "--settle", description = "With --server-pid, seconds to wait before each checkpoint's full GC, and again before its RSS is read (default: ${DEFAULT-VALUE}).")
    double settle = 1;

    @Option(names = "--user-prefix", description = "Usernames are PREFIX0, PREFIX1, ... (default: ${DEFAULT-VALUE}).")
    String userPrefix = "conn_";

    @Option(names = "--io-threads", description = "Threads that read the generator's sockets (default: ${DEFAULT-VALUE}).")
    int ioThreads = 1;

    @Option(names = "--label", description = "A name copied into every JSON line (to tell runs apart in duet bench plot).")
    String label;

    @Override
    public Integer call() throws Exception {
        if (connections < 0 || burst < 0 || connections + burst == 0) {
            throw refused("--connections and --burst must be >= 0, and not both 0");
        }
        if (rate < 0 || timeout <= 0 || hold < 0 || settle < 0) {
            throw refused("--rate, --hold and --settle must be >= 0, --timeout > 0");
        }
        if (maxInFlight < 1 || ioThreads < 1) throw refused("--max-in-flight and --io-threads must be >= 1");
        int total = connections + burst;
        int userCount = usersFor(total);
        checkOpenFiles(total);
        List<InetAddress> sources = sources(total);
        if (target.serverPid() > 0) warnIfServerFilesTooFew(target.serverPid(), total);

        Readers readers = new Readers(ioThreads);
        Run run = null;
        try (SetUp setUp = new SetUp(target.url())) {
            JsonLines.progress("signing in " + userCount + " users at " + target.url());
            List<BenchUser> accounts = setUp.users(userPrefix, userCount);
            run = new Run(readers, target.webSocketUrl(), accounts, sources, total);
            boolean ok = true;
            if (connections > 0) ok = mainRun(run, userCount, Math.max(1, sources.size()));
            if (burst > 0) ok &= burst(run);
            return ok ? 0 : 1;
        } finally {
            if (run != null) run.closeAll();
            readers.close();
        }
    }

    /** Opens the C connections (with checkpoints if the server's pid is known), holds them, prints the summary. */
    private boolean mainRun(Run run, int userCount, int sourceCount) throws InterruptedException {
        long pid = target.serverPid();
        int batch = pid > 0 ? Math.max(1, (connections + CHECKPOINTS - 1) / CHECKPOINTS) : connections;
        List<double[]> points = new ArrayList<>(); // {connections open, rss bytes, heap bytes or NaN}
        if (pid > 0) checkpoint(run, pid, 0, points);
        long openingNanos = 0;
        JsonLines.progress(String.format("opening %d WebSockets over %d users at %s", connections, userCount,
                rate > 0 ? String.format("%.0f/s", rate) : "most " + maxInFlight + " in flight"));
        for (int from = 0; from < connections; from += batch) {
            int to = Math.min(connections, from + batch);
            long start = run.openBatch(from, to, rate, rate > 0 ? null : new Semaphore(maxInFlight));
            openingNanos += Math.max(0, run.lastHello(from, to) - start);
            JsonLines.progress(String.format("%d of %d started: %d up, %d failed", to, connections,
                    run.count(0, to, UP), run.count(0, to, FAILED)));
            if (pid > 0) checkpoint(run, pid, to, points);
        }
        int up = run.count(0, connections, UP);

        if (hold > 0) {
            JsonLines.progress(String.format("holding %d sockets idle for %.0f s", run.stillOpen(0, connections), hold));
            LockSupport.parkNanos((long) (hold * 1e9));
        }
        ObjectNode line = line("connect");
        line.put("connections", connections);
        line.put("users", userCount);
        line.put("source_addresses", sourceCount);
        line.put("rate", rate);
        if (rate == 0) line.put("max_in_flight", maxInFlight);
        line.put("up", up);
        line.put("failed", run.count(0, connections, FAILED));
        run.putFailures(line, 0, connections);
        line.put("opening_seconds", Math.round(openingNanos / 1e7) / 100.0);
        line.put("achieved_rate", openingNanos > 0 ? Math.round(up * 1e9 / openingNanos) : 0);
        run.putLatencies(line, 0, connections);
        if (points.size() >= 2) {
            // the first batch pays once for what every later one reuses (classes loaded, code compiled,
            // buffer pools filled): the slope starts after it when enough checkpoints remain
            List<double[]> fit = points.size() >= 3 ? points.subList(1, points.size()) : points;
            line.put("checkpoints", points.size());
            line.put("slope_from_connections", (long) fit.get(0)[0]);
            putSlope(line, "rss_bytes_per_connection", fit, 1);
            putSlope(line, "heap_bytes_per_connection", fit, 2);
        }
        line.put("held_seconds", hold);
        int stillOpen = run.stillOpen(0, connections);
        line.put("still_open", stillOpen);
        run.putClosed(line, 0, connections);
        line.put("pings_answered", run.pingsAnswered(0, connections));
        ProcessStats.of(ProcessHandle.current().pid()).ifPresent(s -> line.put("generator_rss_mib", mib(s.rssBytes())));
        JsonLines.print(line);
        return up == connections && stillOpen == up;
    }

    private boolean burst(Run run) throws InterruptedException {
        int from = connections;
        int to = connections + burst;
        JsonLines.progress(String.format("burst: opening %d WebSockets at once (%d held open)", burst, run.stillOpen(0, connections)));
        run.openBatch(from, to, Double.POSITIVE_INFINITY, null);
        ObjectNode line = line("connect_burst");
        line.put("burst", burst);
        line.put("held_meanwhile", run.stillOpen(0, connections));
        int up = run.count(from, to, UP);
        line.put("up", up);
        line.put("failed", run.count(from, to, FAILED));
        run.putFailures(line, from, to);
        run.putLatencies(line, from, to);
        JsonLines.print(line);
        return up == burst;
    }

    /**
     * One checkpoint: settle, a full GC (its heap in use), settle again (G1 gives memory back to
     * the system shortly after a full GC, not during it), then the RSS; against the connections
     * open. The first is preceded by one more full GC, so that garbage from before the run (the
     * sign-ins, an earlier workload) does not inflate the first RSS and bend the slope.
     */
    private void checkpoint(Run run, long pid, int attempted, List<double[]> points) throws InterruptedException {
        if (points.isEmpty()) ServerHeap.usedAfterFullGc(pid);
        LockSupport.parkNanos((long) (settle * 1e9));
        OptionalLong heap = ServerHeap.usedAfterFullGc(pid);
        LockSupport.parkNanos((long) (settle * 1e9));
        ProcessStats stats = ProcessStats.of(pid).orElse(null);
        int open = run.stillOpen(0, attempted);
        ObjectNode line = line("connect_checkpoint");
        line.put("connections", open);
        line.put("attempted", attempted);
        if (stats != null) {
            line.put("rss_bytes", stats.rssBytes());
            line.put("rss_mib", mib(stats.rssBytes()));
            line.put("server_threads", stats.threads());
        }
        heap.ifPresent(h -> {
            line.put("heap_used_bytes", h);
            line.put("heap_used_mib", mib(h));
        });
        long fds = openFiles(pid);
        if (fds >= 0) line.put("server_open_files", fds);
        JsonLines.print(line);
        JsonLines.progress(String.format("checkpoint at %d open: server RSS %.1f MiB, heap after GC %s", open,
                stats == null ? Double.NaN : mib(stats.rssBytes()),
                heap.isPresent() ? String.format("%.1f MiB", mib(heap.getAsLong())) : "unknown (jcmd could not attach)"));
        if (stats != null) points.add(new double[] {open, stats.rssBytes(), heap.isPresent() ? heap.getAsLong() : Double.NaN});
    }

    /** A run that cannot start as asked: picocli prints the reason and the usage, no stack trace. */
    private ParameterException refused(String why) {
        return new ParameterException(spec.commandLine(), why);
    }

    private ObjectNode line(String workload) {
        ObjectNode line = JsonLines.line(workload);
        line.put("target", target.url().toString());
        if (label != null) line.put("label", label);
        return line;
    }

    /** Least-squares slope of column {@code y} against the connections open, over the points that have it. */
    static void putSlope(ObjectNode line, String name, List<double[]> points, int y) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        for (double[] p : points) {
            if (Double.isNaN(p[y])) continue;
            n++;
            sx += p[0];
            sy += p[y];
        }
        if (n < 2) return;
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            if (Double.isNaN(p[y])) continue;
            sxy += (p[0] - mx) * (p[y] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        if (sxx > 0) line.put(name, Math.round(sxy / sxx));
    }

    private static double mib(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }

    /** The users to sign in: given, or as few as the per-user socket cap allows; refuses more sockets per user than the cap. */
    private int usersFor(int total) {
        if (maxSocketsPerUser < 1) throw refused("--max-sockets-per-user must be >= 1");
        int u = users > 0 ? users : (total + maxSocketsPerUser - 1) / maxSocketsPerUser;
        int perUser = (total + u - 1) / u;
        if (perUser > maxSocketsPerUser) {
            throw refused(String.format(
                    "%d connections over %d users put %d sockets on one user, more than the server's per-user socket cap of %d "
                            + "(serve --max-sockets-per-user; tell the generator with --max-sockets-per-user if the target allows more): "
                            + "use --users %d or more", total, u, perUser, maxSocketsPerUser,
                    (total + maxSocketsPerUser - 1) / maxSocketsPerUser));
        }
        return u;
    }

    /** 127.0.0.1 .. 127.0.0.N; one address is left to the kernel (an empty list). */
    private List<InetAddress> sources(int total) throws UnknownHostException {
        int perAddress = Math.min(PER_SOURCE_ADDRESS, ephemeralPorts() * 9 / 10);
        int n = sourceAddresses > 0 ? sourceAddresses : Math.max(1, (total + perAddress - 1) / perAddress);
        if (n > (1 << 24) - 2) throw refused("--source-addresses: 127.0.0.0/8 has fewer addresses than that");
        if (n == 1) {
            if (total > perAddress) {
                JsonLines.progress(String.format("warning: %d connections from one source address, which has about %d ephemeral ports",
                        total, perAddress));
            }
            return List.of();
        }
        if (!(InetAddress.getByName(target.webSocketUrl().getHost()) instanceof Inet4Address)) {
            throw refused("--source-addresses needs an IPv4 loopback target (127.x.x.x), not " + target.url);
        }
        List<InetAddress> list = new ArrayList<>(n);
        for (int k = 1; k <= n; k++) {
            list.add(InetAddress.getByAddress(new byte[] {127, (byte) (k >>> 16), (byte) (k >>> 8), (byte) k}));
        }
        JsonLines.progress("connecting from " + n + " source addresses, 127.0.0.1 to " + list.get(n - 1).getHostAddress());
        return list;
    }

    /** How many ports Linux hands out to connections from one address (its ephemeral range). */
    private static int ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+", -1);
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return 28_232;
        }
    }

    /** Refuses to start when this process may not open enough files for every socket. */
    private void checkOpenFiles(int total) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os)) return;
        long max = os.getMaxFileDescriptorCount();
        long open = os.getOpenFileDescriptorCount();
        long need = open + total + FILE_MARGIN;
        if (need > max) {
            throw refused(String.format(
                    "this process may have %d files open (its open-file limit, ulimit -n) and %d are open already: %d connections "
                            + "need about %d. Raise the limit (ulimit -n %d in the shell that starts it; the server needs as many) "
                            + "or open fewer", max, open, total, need, need));
        }
    }

    /** Warns when the server's open-file limit (from /proc) leaves too little room for the connections. */
    private static void warnIfServerFilesTooFew(long pid, int total) {
        try {
            for (String row : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
                if (!row.startsWith("Max open files")) continue;
                String soft = row.substring("Max open files".length()).trim().split("\\s+", -1)[0];
                if (soft.equals("unlimited")) return;
                long limit = Long.parseLong(soft);
                long open = Math.max(0, openFiles(pid));
                if (open + total + FILE_MARGIN > limit) {
                    JsonLines.progress(String.format("warning: the server may have %d files open and has %d: %d more connections "
                            + "will hit its limit (start it with a higher ulimit -n)", limit, open, total));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not readable: nothing to warn about
        }
    }

    /** The number of files process {@code pid} has open, or -1 if /proc does not say. */
    private static long openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Every connection of a run, by index (main ones first, then the burst), and what became of it. */
    private final class Run implements WireSocket.Sink {
        private final Readers readers;
        private final URI webSocket;
        private final List<BenchUser> accounts;
        private final List<InetAddress> sources;
        private final long[] due; // main thread only
        private final long[] lagNanos; // main thread only: how late each started
        private final AtomicLongArray helloAt;
        private final AtomicIntegerArray state;
        private final AtomicReferenceArray<CompletableFuture<WireSocket>> opening;
        private final AtomicReferenceArray<String> cause;
        private final long timeoutNanos = (long) (timeout * 1e9);
        private volatile Semaphore inFlight;
        private int started; // main thread only
        private int oldestPending; // main thread only: below it, nothing is pending

        Run(Readers readers, URI webSocket, List<BenchUser> accounts, List<InetAddress> sources, int total) {
            this.readers = readers;
            this.webSocket = webSocket;
            this.accounts = accounts;
            this.sources = sources;
            this.due = new long[total];
            this.lagNanos = new long[total];
            this.helloAt = new AtomicLongArray(total);
            this.state = new AtomicIntegerArray(total);
            this.opening = new AtomicReferenceArray<>(total);
            this.cause = new AtomicReferenceArray<>(total);
        }

        /**
         * Starts connections {@code from .. to-1} on schedule and returns when each is up or has
         * failed (at most {@code --timeout} after the last was due). {@code perSecond} infinite:
         * all due at once; with {@code slots}, each waits for a free slot and is due when it has one.
         *
         * @return when the first was due
         */
        long openBatch(int from, int to, double perSecond, Semaphore slots) throws InterruptedException {
            inFlight = slots;
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            for (int i = from; i < to; i++) {
                long dueAt;
                if (slots != null) {
                    while (!slots.tryAcquire(TICK_NANOS, TimeUnit.NANOSECONDS)) expire();
                    dueAt = System.nanoTime();
                } else {
                    dueAt = Double.isInfinite(perSecond) ? t0 : t0 + (long) ((i - from) * 1e9 / perSecond);
                    for (long now = System.nanoTime(); now < dueAt; now = System.nanoTime()) {
                        LockSupport.parkNanos(Math.min(dueAt - now, TICK_NANOS));
                        if (dueAt - System.nanoTime() > TICK_NANOS / 2) expire();
                    }
                }
                start(i, dueAt);
                if ((i & 255) == 0) expire();
            }
            while (count(from, to, PENDING) > 0) {
                LockSupport.parkNanos(TICK_NANOS);
                expire();
            }
            inFlight = null;
            return slots != null ? due[from] : t0;
        }

        /** Main thread: connection i starts now, having been due at {@code dueAt}. */
        private void start(int i, long dueAt) {
            lagNanos[i] = System.nanoTime() - dueAt;
            due[i] = dueAt;
            InetAddress source = sources.isEmpty() ? null : sources.get(i % sources.size());
            CompletableFuture<WireSocket> f = WireSocket.open(readers, webSocket, source, accounts.get(i % accounts.size()), i, this,
                    MAX_PENDING_BYTES);
            opening.set(i, f);
            started = i + 1;
            var unused = f.whenComplete((socket, failure) -> { // on a reader thread (or here, if it failed at once)
                if (failure != null) {
                    fail(i, causeOf(failure));
                    return;
                }
                var unusedToo = socket.closed().whenComplete((v, e) -> {
                    if (state.get(i) == PENDING) {
                        int code = socket.closeCode();
                        fail(i, code >= 0 ? "closed_before_hello_" + code : "closed_before_hello");
                    }
                });
            });
        }

        /** Main thread: fails every connection whose deadline has passed. Deadlines rise with the index. */
        private void expire() {
            long now = System.nanoTime();
            while (oldestPending < started) {
                int i = oldestPending;
                if (state.get(i) == PENDING) {
                    if (now - due[i] < timeoutNanos) return;
                    CompletableFuture<WireSocket> f = opening.get(i);
                    boolean upgraded = f.isDone() && !f.isCompletedExceptionally();
                    fail(i, upgraded ? "timeout_before_hello" : "timeout_before_101");
                }
                oldestPending++;
            }
        }

        @Override
        public void frame(WireSocket socket, String frame, long arrivedNanos) {
            if (!frame.startsWith("{\"type\":\"hello\"")) return;
            int i = socket.index;
            if (helloAt.compareAndSet(i, 0, arrivedNanos) && state.compareAndSet(i, PENDING, UP)) settled();
        }

        private void fail(int i, String why) {
            if (!state.compareAndSet(i, PENDING, FAILED)) return;
            cause.set(i, why);
            settled();
            CompletableFuture<WireSocket> f = opening.get(i);
            if (f != null && !f.completeExceptionally(new TimeoutException(why)) && !f.isCompletedExceptionally()) f.join().close();
        }

        private void settled() {
            Semaphore slots = inFlight;
            if (slots != null) slots.release();
        }

        int count(int from, int to, int wanted) {
            int n = 0;
            for (int i = from; i < to; i++) if (state.get(i) == wanted) n++;
            return n;
        }

        /** Connections that came up and are still open. */
        int stillOpen(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                WireSocket s = upSocket(i);
                if (s != null && !s.closed().isDone()) n++;
            }
            return n;
        }

        private WireSocket upSocket(int i) {
            if (state.get(i) != UP) return null;
            CompletableFuture<WireSocket> f = opening.get(i);
            return f.isCompletedExceptionally() ? null : f.getNow(null);
        }

        long lastHello(int from, int to) {
            long last = 0;
            for (int i = from; i < to; i++) if (state.get(i) == UP) last = Math.max(last, helloAt.get(i));
            return last;
        }

        int pingsAnswered(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                WireSocket s = upSocket(i);
                if (s != null) n += s.pingsAnswered();
            }
            return n;
        }

        void putFailures(ObjectNode line, int from, int to) {
            Map<String, Integer> byCause = new TreeMap<>();
            for (int i = from; i < to; i++) {
                String c = cause.get(i);
                if (c != null) byCause.merge(c, 1, Integer::sum);
            }
            ObjectNode failures = line.putObject("failures");
            byCause.forEach(failures::put);
            if (byCause.containsKey("http_429")) {
                JsonLines.progress("429 too_many_connections: more sockets per user than the server allows "
                        + "(its --max-sockets-per-user; use more --users)");
            }
        }

        /** Connections that were up and have closed since, by the server's close code ("none": the TCP connection just ended). */
        void putClosed(ObjectNode line, int from, int to) {
            Map<String, Integer> byCode = new TreeMap<>();
            for (int i = from; i < to; i++) {
                WireSocket s = upSocket(i);
                if (s != null && s.closed().isDone()) byCode.merge(s.closeCode() >= 0 ? Integer.toString(s.closeCode()) : "none", 1, Integer::sum);
            }
            ObjectNode closed = line.putObject("closed");
            byCode.forEach(closed::put);
        }

        /** to_101 and to_hello latencies from when due, and how late the generator started them. */
        void putLatencies(ObjectNode line, int from, int to) {
            Latencies upgraded = new Latencies();
            Latencies hello = new Latencies();
            Latencies lag = new Latencies();
            for (int i = from; i < to; i++) {
                lag.recordNanos(lagNanos[i]);
                if (state.get(i) != UP) continue;
                hello.recordNanos(helloAt.get(i) - due[i]);
                WireSocket s = upSocket(i);
                if (s != null) upgraded.recordNanos(s.upgradedAtNanos() - due[i]);
            }
            Latencies.put(line, "to_101", upgraded.snapshot());
            Latencies.put(line, "to_hello", hello.snapshot());
            Latencies.put(line, "generator_lag", lag.snapshot());
        }

        void closeAll() {
            for (int i = 0; i < opening.length(); i++) {
                CompletableFuture<WireSocket> f = opening.get(i);
                if (f == null) continue;
                if (!f.completeExceptionally(new TimeoutException("run over")) && !f.isCompletedExceptionally()) f.join().close();
            }
        }
    }

    /** A short, stable name for why a connection failed. */
    static String causeOf(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (message.startsWith("upgrade refused: HTTP/1.1 ")) {
            String rest = message.substring("upgrade refused: HTTP/1.1 ".length());
            return "http_" + (rest.length() >= 3 ? rest.substring(0, 3) : rest);
        }
        if (t instanceof TimeoutException) return message;
        if (message.isEmpty()) return t.getClass().getSimpleName();
        String snake = message.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return snake.length() > 48 ? snake.substring(0, 48) : snake;
    }
}
