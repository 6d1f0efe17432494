package app.duet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What Linux says of a process and its descendants ({@code --server-pid}): CPU time used and
 * resident memory, from {@code /proc}. Descendants count because some servers work in child
 * processes (PostgreSQL runs a backend process per connection); their RSS is summed, which counts
 * memory they share more than once. Empty where there is no such process or no {@code /proc}.
 */
record ProcessStats(long cpuNanos, long rssBytes, int threads) {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on every mainstream Linux

    static Optional<ProcessStats> of(long pid) {
        Optional<ProcessStats> own = single(pid);
        if (own.isEmpty()) return own;
        long cpu = own.get().cpuNanos;
        long rss = own.get().rssBytes;
        int threads = own.get().threads;
        List<Long> children = ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid).toList();
        for (long child : children) {
            Optional<ProcessStats> s = single(child);
            if (s.isPresent()) {
                cpu += s.get().cpuNanos;
                rss += s.get().rssBytes;
                threads += s.get().threads;
            }
        }
        return Optional.of(new ProcessStats(cpu, rss, threads));
    }

    /** The sum over several processes (and their descendants); empty if none can be read. */
    static Optional<ProcessStats> ofAll(List<Long> pids) {
        return pids.stream().map(ProcessStats::of).flatMap(Optional::stream)
                .reduce((a, b) -> new ProcessStats(a.cpuNanos + b.cpuNanos, a.rssBytes + b.rssBytes, a.threads + b.threads));
    }

    /** The process's own name ({@code /proc/PID/comm}), or its pid. */
    static String name(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "comm"))) {
            return lines.findFirst().orElse(Long.toString(pid)).trim();
        } catch (IOException | RuntimeException e) {
            return Long.toString(pid);
        }
    }

    private static Optional<ProcessStats> single(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces and parentheses: fields count from its end
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
            int threads = Integer.parseInt(f[17]);                        // num_threads (field 20)
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
            return Optional.of(new ProcessStats(ticks * NANOS_PER_TICK, rss, threads));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU time all cores of the machine spent busy (user, nice, system, irq, softirq, steal: the
     * first line of {@code /proc/stat}), or -1 where it cannot be read. Less this process's and the
     * server's, it says how much other processes took during a measurement.
     */
    static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+", -1);
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The share of one core used between two readings {@code wallNanos} apart (1.0 = one core busy). */
    double coresSince(ProcessStats earlier, long wallNanos) {
        return wallNanos <= 0 ? 0 : (double) (cpuNanos - earlier.cpuNanos) / wallNanos;
    }
}
