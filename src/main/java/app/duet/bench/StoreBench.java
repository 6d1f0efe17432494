package app.duet.bench;

import app.duet.DuetConfig;
import app.duet.storage.AppendOutcome;
import app.duet.storage.NewMessage;
import app.duet.storage.Store;
import app.duet.wiring.DuetServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The store alone, without sockets or JSON: what one message costs the committer's thread at a
 * given batch size, as {@code Store.appendMessages} is called by the group committer. The same
 * shape as {@code chat}: U users in U/2 contact pairs, each message between a random pair. CPU is
 * the calling thread's (the database's work in this thread included, the kernel's fsync too);
 * wall time includes waiting for the disk. A fresh SQLite folder, deleted afterwards.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Append messages straight to a fresh SQLite store in batches; print CPU and wall time per message.")
public final class StoreBench implements Callable<Integer> {
    @Option(names = "--batch", split = ",", description = "Messages per transaction, one line each (default: ${DEFAULT-VALUE}).")
    List<Integer> batches = new ArrayList<>(List.of(1, 4, 20, 100));

    @Option(names = "--messages", description = "Measured messages per batch size, after as many unmeasured (default: ${DEFAULT-VALUE}).")
    int messages = 20_000;

    @Option(names = "--users", description = "Users, in pairs of contacts (default: ${DEFAULT-VALUE}).")
    int users = 1_000;

    @Option(names = "--label", description = "A name copied into every JSON line.")
    String label;

    @Override
    public Integer call() throws Exception {
        if (users < 2 || users % 2 != 0) throw new IllegalArgumentException("--users must be an even number >= 2");
        Path data = Files.createTempDirectory("duet-store-bench-");
        try {
            DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(data).build();
            DuetServer.withStore(config, store -> {
                long[] ids = pairsOfContacts(store);
                for (int batch : batches) {
                    run(store, ids, batch, messages); // warm-up: the JIT and SQLite's cache
                    JsonLines.print(run(store, ids, batch, messages));
                }
                return null;
            });
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private long[] pairsOfContacts(Store store) {
        long[] ids = new long[users];
        for (int i = 0; i < users; i++) ids[i] = store.createUser("sb" + i, "Store bench " + i, "-", 1).id();
        for (int i = 0; i < users; i += 2) {
            store.requestContact(ids[i], ids[i + 1], 1);
            store.requestContact(ids[i + 1], ids[i], 1);
        }
        return ids;
    }

    private long next;

    private ObjectNode run(Store store, long[] ids, int batch, int total) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(batch);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        int commits = 0;
        for (int sent = 0; sent < total; sent += batch) {
            List<NewMessage> messages = new ArrayList<>(batch);
            for (int k = 0; k < batch; k++) {
                int pair = random.nextInt(users / 2) * 2;
                int from = pair + random.nextInt(2);
                long n = next++;
                messages.add(new NewMessage(ids[from], ids[from ^ 1], "store bench message " + n, "sb-" + n, 2));
            }
            for (AppendOutcome outcome : store.appendMessages(messages)) {
                if (!(outcome instanceof AppendOutcome.Stored)) throw new IllegalStateException("not stored: " + outcome);
            }
            commits++;
        }
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3;
        double wallMicros = (System.nanoTime() - wall0) / 1e3;
        ObjectNode line = JsonLines.line("store");
        if (label != null) line.put("label", label);
        line.put("batch", batch);
        line.put("messages", total);
        line.put("cpu_us_per_message", Math.round(cpuMicros / total * 10) / 10.0);
        line.put("wall_us_per_message", Math.round(wallMicros / total * 10) / 10.0);
        line.put("cpu_us_per_commit", Math.round(cpuMicros / commits));
        return line;
    }
}
