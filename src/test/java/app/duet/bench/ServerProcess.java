package app.duet.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Duet server under test, as a child JVM: {@code app.duet.cli.DuetCommand serve} on a free
 * loopback port over a fresh data folder, with default durability (fsync on every commit).
 * Everything it prints goes to {@code server.log} next to the data folder; WARN and ERROR lines
 * are also kept for the report. Linux only for the /proc readings (RSS, CPU time, threads, fds).
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");
    private static final Pattern HEAP_COMMITTED = Pattern.compile("(committed|(?<!reserved )total|capacity) (\\d+)([KMG])");
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ; 100 on every mainstream Linux

    private final Process process;
    private final int port;
    private final Path root;
    private final Path log;
    private final boolean keep;
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<String> problems = new ArrayList<>();
    private int problemCount;
    private final Thread shutdownHook;

    private ServerProcess(Process process, int port, Path root, Path log, boolean keep) {
        this.process = process;
        this.port = port;
        this.root = root;
        this.log = log;
        this.keep = keep;
        this.shutdownHook = new Thread(process::destroyForcibly, "duet-bench-kill-server");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static ServerProcess start(List<String> extraJvmArgs, boolean keep, long startTimeoutMillis) throws IOException, InterruptedException {
        int port = freePort();
        Path root = Files.createTempDirectory("duet-bench-");
        Path data = root.resolve("data");
        Path log = root.resolve("server.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("app.duet.cli.DuetCommand");
        cmd.addAll(List.of("serve", "--port", Integer.toString(port), "--data", data.toString(),
                "--bcrypt-cost", "4", "--send-rate", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ServerProcess server = new ServerProcess(p, port, root, log, keep);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> server.pump(ready), "duet-bench-server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(startTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            String why = e instanceof TimeoutException ? "did not say 'listening on http://' in time" : "exited before listening";
            String lastLines = server.tail();
            server.close();
            throw new IllegalStateException("the server " + why + "; its last lines:\n" + lastLines);
        }
        return server;
    }

    private void pump(CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                synchronized (this) {
                    tail.addLast(line);
                    if (tail.size() > 40) tail.removeFirst();
                    if (line.contains(" WARN ") || line.contains(" ERROR ") || line.startsWith("Exception") || line.contains("OutOfMemoryError")) {
                        problemCount++;
                        if (problems.size() < 15) problems.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
                    }
                }
                if (!ready.isDone() && line.contains("listening on http://")) ready.complete(null);
            }
        } catch (IOException e) {
            // the process went away
        } finally {
            ready.completeExceptionally(new IllegalStateException("server output ended"));
        }
    }

    /**
     * The classpath to run the server with: the test classpath this class was loaded from. Under
     * {@code exec:java} that is the plugin's URLClassLoader (java.class.path is Maven's own);
     * under plain {@code java -cp} it is java.class.path.
     */
    static String classpath() {
        ClassLoader cl = ServerProcess.class.getClassLoader();
        if (cl instanceof URLClassLoader u && cl != ClassLoader.getSystemClassLoader()) {
            List<String> entries = new ArrayList<>();
            for (URL url : u.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    entries.add(url.getPath());
                }
            }
            if (!entries.isEmpty()) return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() { return port; }

    long pid() { return process.pid(); }

    boolean isAlive() { return process.isAlive(); }

    Path log() { return log; }

    synchronized String tail() { return String.join("\n", tail); }

    synchronized int problemCount() { return problemCount; }

    synchronized List<String> problems() { return List.copyOf(problems); }

    /** A field of /proc/PID/status in kB (VmRSS, VmHWM, ...) or a plain count (Threads). */
    long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or gone
        }
        return -1;
    }

    long rssKb() { return status("VmRSS"); }

    long threads() { return status("Threads"); }

    /** Open file descriptors (sockets included). */
    long fds() {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** User + system CPU time the server has used so far, in nanoseconds (10 ms resolution). */
    long cpuNanos() {
        long[] t = cpuTimes();
        return t == null ? -1 : t[0] + t[1];
    }

    /** System (kernel) CPU time the server has used so far, in nanoseconds. */
    long systemCpuNanos() {
        long[] t = cpuTimes();
        return t == null ? -1 : t[1];
    }

    /** Thread groups of the server JVM, by their Linux thread name (Java names cut to 15 characters). */
    static final List<String> THREAD_GROUPS = List.of("committer", "carriers", "gc", "jit", "rest", "cmt-runq");

    /**
     * CPU nanoseconds used so far by each {@link #THREAD_GROUPS thread group}: the group committer
     * (the one writer), the virtual-thread carriers (ForkJoinPool: Jetty's request, frame and
     * event handling), the garbage collector, the JIT compilers, and every other thread.
     * Threads that have exited are not counted, so take differences over a window. The last
     * entry is not CPU: it is the time the committer was ready to run but waited for a core
     * (run-queue delay, from /proc/.../schedstat), the measure of CPU contention on the one writer.
     */
    long[] threadGroupCpuNanos() {
        long[] out = new long[THREAD_GROUPS.size()];
        long tick = 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick;
                    int group;
                    if (name.startsWith("duet-group-com")) {
                        group = 0;
                        String[] sched = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                        out[5] += Long.parseLong(sched[1]);
                    }
                    else if (name.startsWith("ForkJoinPool")) group = 1;
                    else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) group = 2;
                    else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) group = 3;
                    else group = 4;
                    out[group] += cpu;
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return null;
        }
        return out;
    }

    /** {user, system} CPU nanoseconds from /proc/PID/stat, or null. */
    private long[] cpuTimes() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long tick = 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
            return new long[]{Long.parseLong(f[11]) * tick, Long.parseLong(f[12]) * tick}; // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Heap after a full GC, through jcmd: {used kB, committed kB}, or empty without jcmd. */
    Optional<long[]> heapAfterGc() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) return Optional.empty();
        if (jcmd(jcmd, "GC.run").isEmpty()) return Optional.empty();
        Optional<String> info = jcmd(jcmd, "GC.heap_info");
        if (info.isEmpty()) return Optional.empty();
        return parseHeapInfo(info.get());
    }

    /**
     * {used kB, committed kB} from {@code GC.heap_info}, whatever the collector: G1 prints one
     * heap line ("garbage-first heap total reserved ..., committed ..., used ..."), Serial and
     * Parallel one line per generation ("total ..., used ..."), ZGC "used ..., capacity ...".
     * Metaspace lines are not heap and are skipped.
     */
    static Optional<long[]> parseHeapInfo(String info) {
        long used = 0;
        long committed = 0;
        boolean any = false;
        for (String line : info.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) continue;
            Matcher u = HEAP_USED.matcher(line);
            if (!u.find()) continue;
            any = true;
            used += kb(u.group(1), u.group(2));
            Matcher c = HEAP_COMMITTED.matcher(line);
            if (c.find()) committed += kb(c.group(2), c.group(3));
        }
        return any ? Optional.of(new long[]{used, committed > 0 ? committed : -1}) : Optional.empty();
    }

    private static long kb(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "M" -> n * 1024;
            case "G" -> n * 1024 * 1024;
            default -> n;
        };
    }

    private Optional<String> jcmd(Path jcmd, String command) {
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Stops the server as an operator would (SIGTERM), then removes its folder unless kept. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        if (!keep) deleteTree(root);
    }

    OptionalLong exitCode() {
        return process.isAlive() ? OptionalLong.empty() : OptionalLong.of(process.exitValue());
    }

    Path root() { return root; }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is harmless
        }
    }
}
