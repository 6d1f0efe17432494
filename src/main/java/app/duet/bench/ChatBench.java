package app.duet.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code duet bench chat}: U users in U/2 contact pairs, one WebSocket each, sending at a fixed
 * total rate in open loop ({@link ChatStep}); or, with {@code --find-max}, steps up the rate and
 * bisects to the highest at which p99 stays within the bound and nothing is lost.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Open-loop messaging between contact pairs at a fixed rate; --find-max searches the highest rate that holds p99.")
public final class ChatBench implements Callable<Integer> {
    @Mixin
    Target target = new Target();

    @Option(names = "--users", description = "Users, in pairs of contacts; each holds one WebSocket (default: ${DEFAULT-VALUE}).")
    int users = 1000;

    @Option(names = "--rate", description = "Messages per second in all; with --find-max, the first rate tried (default: ${DEFAULT-VALUE}).")
    double rate = 1000;

    @Option(names = "--warmup", description = "Seconds sent but not measured at the start of each step (default: ${DEFAULT-VALUE}).")
    double warmup = 5;

    @Option(names = "--seconds", description = "Measured seconds per step (default: ${DEFAULT-VALUE}).")
    double seconds = 20;

    @Option(names = "--drain", description = "Seconds to wait after a step for its last acks and deliveries (default: ${DEFAULT-VALUE}).")
    double drain = 10;

    @Option(names = "--text-size", description = "Characters per message (default: ${DEFAULT-VALUE}).")
    int textSize = 100;

    @Option(names = "--prewarm", description = "Seconds sent at --rate before the first step and not reported: the server's JIT "
            + "compiles the send path here, not in a measured step (default: ${DEFAULT-VALUE}).")
    double prewarm = 20;

    @Option(names = "--find-max", description = "Double the rate while a step passes, then bisect between the last pass and the first failure.")
    boolean findMax;

    @Option(names = "--p99-ms", description = "The bound --find-max holds for p99 of send→delivered and send→ack (default: ${DEFAULT-VALUE}).")
    double p99Ms = 100;

    @Option(names = "--bisect", description = "Bisection steps of --find-max after the first failure (default: ${DEFAULT-VALUE}).")
    int bisect = 4;

    @Option(names = "--max-rate", description = "--find-max never offers more than this (default: ${DEFAULT-VALUE}).")
    double maxRate = 200_000;

    @Option(names = "--user-prefix", description = "Usernames are PREFIX0, PREFIX1, ... (default: ${DEFAULT-VALUE}).")
    String userPrefix = "bench_";

    @Option(names = "--io-threads", description = "Threads that read the generator's sockets (default: ${DEFAULT-VALUE}).")
    int ioThreads = 1;

    @Option(names = "--label", description = "A name copied into every JSON line (to tell runs apart in duet bench plot).")
    String label;

    @Option(names = "--max-pending-kib", description = "KiB one socket may have waiting to be written before a send counts as not sent (default: ${DEFAULT-VALUE}).")
    int maxPendingKib = 4096;

    @Override
    public Integer call() throws Exception {
        if (users < 2 || users % 2 != 0) throw new IllegalArgumentException("--users must be an even number >= 2");
        String text = "x".repeat(textSize);
        Readers readers = new Readers(ioThreads);
        List<WireSocket> sockets = new ArrayList<>(users);
        StepSink sink = new StepSink();
        try (SetUp setUp = new SetUp(target.url())) {
            JsonLines.progress("signing in " + users + " users at " + target.url());
            List<BenchUser> accounts = setUp.users(userPrefix, users);
            setUp.pairUp(accounts);
            JsonLines.progress("opening " + users + " WebSockets");
            List<CompletableFuture<WireSocket>> opening = new ArrayList<>(users);
            for (int i = 0; i < users; i++) {
                opening.add(WireSocket.open(readers, target.webSocketUrl(), null, accounts.get(i), i, sink, maxPendingKib * 1024));
                if (opening.size() % 100 == 0) CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            for (CompletableFuture<WireSocket> f : opening) sockets.add(f.get(60, TimeUnit.SECONDS));
            long[] lastSeqSeen = new long[users];
            String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
            if (prewarm > 0) {
                JsonLines.progress(String.format("prewarm: %.0f msg/s for %.0f s, not reported", rate, prewarm));
                sink.current = new ChatStep(sockets, lastSeqSeen, "r" + run + "-w-", rate, 0, prewarm, text);
                ((ChatStep) sink.current).run(drain, List.of());
                Thread.sleep(2000);
            }
            if (!findMax) {
                ObjectNode line = step(sockets, sink, lastSeqSeen, run, 0, rate, text);
                JsonLines.print(line);
                return ChatStep.passes(line, p99Ms) ? 0 : 1;
            }
            return findMax(sockets, sink, lastSeqSeen, run, text);
        } finally {
            for (WireSocket s : sockets) s.close();
            readers.close();
        }
    }

    private int findMax(List<WireSocket> sockets, StepSink sink, long[] lastSeqSeen, String run, String text) throws InterruptedException {
        double pass = 0;
        double fail = 0;
        int stepNo = 0;
        double offer = rate;
        while (fail == 0 && offer <= maxRate) {
            if (tryRate(sockets, sink, lastSeqSeen, run, stepNo, offer, text)) pass = offer;
            else fail = offer;
            stepNo += 2;
            offer *= 2;
        }
        for (int i = 0; i < bisect && fail > 0 && fail - pass > Math.max(100, pass * 0.03); i++) {
            double mid = Math.round((pass + fail) / 2);
            if (tryRate(sockets, sink, lastSeqSeen, run, stepNo, mid, text)) pass = mid;
            else fail = mid;
            stepNo += 2;
        }
        ObjectNode result = JsonLines.line("chat_max");
        result.put("max_rate", pass);
        result.put("first_failed_rate", fail);
        result.put("p99_bound_ms", p99Ms);
        result.put("users", users);
        JsonLines.print(result);
        return pass > 0 ? 0 : 1;
    }

    /**
     * One step of the search; a failure is tried once more before it counts, so that one hiccup
     * of the machine (a GC, another process) does not end the search below the server's real rate.
     */
    private boolean tryRate(List<WireSocket> sockets, StepSink sink, long[] lastSeqSeen, String run, int stepNo, double offer,
                            String text) throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            ObjectNode line = step(sockets, sink, lastSeqSeen, run, stepNo + attempt, offer, text);
            boolean ok = ChatStep.passes(line, p99Ms);
            line.put("passed", ok);
            line.put("attempt", attempt + 1);
            JsonLines.print(line);
            Thread.sleep(2000); // let the server settle between steps
            if (ok) return true;
        }
        return false;
    }

    private ObjectNode step(List<WireSocket> sockets, StepSink sink, long[] lastSeqSeen, String run, int stepNo, double offer, String text) {
        JsonLines.progress(String.format("step %d: %.0f msg/s, %.0f s warm-up + %.0f s measured", stepNo, offer, warmup, seconds));
        ChatStep step = new ChatStep(sockets, lastSeqSeen, "r" + run + "-" + stepNo + "-", offer, warmup, seconds, text);
        sink.current = step;
        ObjectNode line = step.run(drain, target.serverPids);
        line.put("target", target.url().toString());
        if (label != null) line.put("label", label);
        return line;
    }

    /** Routes frames to the step that is running (frames of earlier steps find no message there). */
    private static final class StepSink implements WireSocket.Sink {
        volatile WireSocket.Sink current;

        @Override
        public void frame(WireSocket socket, String frame, long arrivedNanos) {
            WireSocket.Sink s = current;
            if (s != null) s.frame(socket, frame, arrivedNanos);
        }
    }
}
