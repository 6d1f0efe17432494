package app.duet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code duet bench WORKLOAD}: the load generator (docs/PERFORMANCE.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Drive a running Duet with load and print figures as JSON lines (docs/PERFORMANCE.md).",
        subcommands = {app.duet.bench.HistoryBench.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
