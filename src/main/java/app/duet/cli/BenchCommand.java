package app.duet.cli;

import app.duet.bench.ChatBench;
import app.duet.bench.ConnectBench;
import app.duet.bench.EchoTarget;
import app.duet.bench.HistoryBench;
import app.duet.bench.PlotCommand;
import app.duet.bench.SearchBench;
import app.duet.bench.StoreBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code duet bench WORKLOAD}: the load generator (docs/PERFORMANCE.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Drive a running Duet with load and print figures as JSON lines (docs/PERFORMANCE.md).",
        subcommands = {ChatBench.class, ConnectBench.class, EchoTarget.class, HistoryBench.class, PlotCommand.class, SearchBench.class, StoreBench.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
