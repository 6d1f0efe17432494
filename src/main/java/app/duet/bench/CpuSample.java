package app.duet.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * CPU time at one instant: the machine's (all cores busy), this generator's JVM, and the server's
 * ({@code --server-pid} with their descendants, such as PostgreSQL's backends). Two samples
 * bracket a measured window.
 */
record CpuSample(long wallNanos, long machineNanos, Optional<ProcessStats> self, Optional<ProcessStats> server) {

    static CpuSample now(List<Long> serverPids) {
        return new CpuSample(System.nanoTime(), ProcessStats.machineBusyNanos(), ProcessStats.of(ProcessHandle.current().pid()),
                ProcessStats.ofAll(serverPids));
    }

    /**
     * Adds, where /proc tells, {@code server_cores} and {@code other_cores} since {@code start}.
     * Other is CPU charged to neither the generator nor the server: other processes, and kernel
     * work done outside both (loopback softirq: ~0.5 core at 1,000 msg/s on a quiet 2-core
     * machine). A figure much higher than that was measured beside a busy neighbour and
     * understates the server.
     */
    void putSince(CpuSample start, ObjectNode line) {
        long wall = wallNanos - start.wallNanos;
        if (wall <= 0) return;
        long serverNanos = 0;
        if (server.isPresent() && start.server.isPresent()) {
            serverNanos = server.get().cpuNanos() - start.server.get().cpuNanos();
            line.put("server_cores", round2((double) serverNanos / wall));
        }
        if (machineNanos < 0 || start.machineNanos < 0 || self.isEmpty() || start.self.isEmpty()) return;
        long others = (machineNanos - start.machineNanos) - (self.get().cpuNanos() - start.self.get().cpuNanos()) - serverNanos;
        line.put("other_cores", round2(Math.max(0, (double) others / wall)));
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
