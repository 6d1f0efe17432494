package app.duet.bench;

import app.duet.DuetConfig;
import app.duet.storage.AppendOutcome;
import app.duet.storage.MessageHits;
import app.duet.storage.NewMessage;
import app.duet.storage.Store;
import app.duet.wiring.DuetServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code duet bench search}: what a message search costs over a large history. One user ("me")
 * holds {@code --messages} messages across {@code --chats} chats (each message to or from a random
 * peer), mixed English and Chinese sentences from a small vocabulary, with a few rare words; then
 * each row's search is asked of the store in this thread, closed loop, one at a time, and its
 * latency percentiles printed: across all chats and in the largest chat, for rare and common
 * words, texts the index answers (3 characters or more) and texts it cannot (1 or 2: a bounded
 * scan), a word that is nowhere, and a page deep in the past. The store alone (no HTTP): the
 * floor of an authenticated request is in {@code bench history}'s {@code baseline_me}.
 *
 * <p>The fill goes straight to {@link Store#appendMessages} in batches, as {@code bench history}
 * does; a fresh SQLite folder, deleted afterwards unless {@code --data} names one (kept, and reused
 * when it holds the same fill). Figures: one JSON line per row ({@code workload} "search",
 * {@code row}, {@code query}, {@code p50_ms}, {@code p90_ms}, {@code p99_ms}, {@code max_ms},
 * {@code count}, {@code hits} and {@code cut} of the first page), and one "search_fill" line with
 * the fill's rate and the database's size, the index's share of it included.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Fill one user's chats with N mixed English/Chinese messages and measure message searches on the store.")
public final class SearchBench implements Callable<Integer> {
    @Option(names = "--messages", description = "Messages of the searching user (default: ${DEFAULT-VALUE}).")
    int messages = 1_000_000;

    @Option(names = "--chats", description = "Chats they are spread over (default: ${DEFAULT-VALUE}).")
    int chats = 200;

    @Option(names = "--requests", description = "Measured searches per row (default: ${DEFAULT-VALUE}).")
    int requests = 500;

    @Option(names = "--warmup", description = "Unmeasured searches of each row first (default: ${DEFAULT-VALUE}).")
    int warmup = 100;

    @Option(names = "--batch", description = "Messages per Store.appendMessages call while filling (default: ${DEFAULT-VALUE}).")
    int batch = 5_000;

    @Option(names = "--data", description = "SQLite data folder, kept for later runs (default: a temporary one, deleted).")
    Path data;

    @Option(names = "--label", description = "A name copied into every JSON line.")
    String label;

    static final String[] EN = {"the", "dinner", "at", "seven", "tonight", "we", "could", "meet", "after", "work", "train",
        "is", "late", "again", "see", "you", "soon", "thanks", "for", "photos", "weekend", "plans", "movie", "coffee",
        "Monday", "meeting", "moved", "to", "tomorrow", "morning", "call", "me", "when", "home", "love", "it", "great", "idea"};
    static final String[] ZH = {"我们", "今天", "晚饭", "吃什么", "明天", "见面", "好的", "谢谢", "周末", "电影", "下班", "以后",
        "一起", "咖啡", "地铁", "又", "晚点", "了", "照片", "很好看", "早上", "开会", "改到", "回家", "打电话", "给我"};
    /** Words that appear about once in 20,000 messages each. */
    static final String[] RARE = {"zephyr", "quokka", "麒麟", "饕餮"};

    @Override
    public Integer call() throws Exception {
        if (chats < 1 || messages < chats) throw new IllegalArgumentException("--messages must be at least --chats >= 1");
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("duet-search-bench-") : data;
        try {
            DuetConfig config = DuetConfig.DEFAULTS.toBuilder().dataDir(dir).build();
            DuetServer.withStore(config, store -> {
                long[] ids = users(store);
                fill(store, ids);
                measure(store, ids);
                return null;
            });
            JsonLines.print(sizes(dir));
        } finally {
            if (temporary) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    /** "me" and the peers, contacts of "me": made once, found again in a kept folder. */
    private long[] users(Store store) {
        long[] ids = new long[chats + 1];
        for (int i = 0; i <= chats; i++) {
            String name = i == 0 ? "sbme" : "sbpeer" + i;
            int n = i;
            ids[i] = store.searchUsers(name, -1, 1).stream().filter(u -> u.username().equals(name)).findFirst()
                    .orElseGet(() -> store.createUser(name, n == 0 ? "Me" : "Peer " + n, "-", 1)).id();
            if (i > 0 && !store.areContacts(ids[0], ids[i])) {
                store.requestContact(ids[0], ids[i], 1);
                store.requestContact(ids[i], ids[0], 1);
            }
        }
        return ids;
    }

    private long filledAlready(Store store, long me) {
        return store.listChats(me).stream().mapToLong(c -> c.lastMessage() == null ? 0 : c.lastMessage().seq()).sum();
    }

    private void fill(Store store, long[] ids) {
        long had = filledAlready(store, ids[0]);
        if (had >= messages) {
            progress("the user already holds " + had + " messages: no fill");
            return;
        }
        SplittableRandom random = new SplittableRandom(42 + had);
        long t0 = System.nanoTime(), lastReport = t0;
        List<NewMessage> chunk = new ArrayList<>(batch);
        for (long sent = had; sent < messages; ) {
            chunk.clear();
            for (int i = 0; i < batch && sent + i < messages; i++) {
                long peer = ids[1 + biasedPeer(random)];
                boolean mine = random.nextBoolean();
                chunk.add(new NewMessage(mine ? ids[0] : peer, mine ? peer : ids[0], sentence(random), null,
                        1_700_000_000_000L + sent + i));
            }
            for (AppendOutcome o : store.appendMessages(chunk)) {
                if (!(o instanceof AppendOutcome.Stored)) throw new IllegalStateException("not stored: " + o);
            }
            sent += chunk.size();
            long t = System.nanoTime();
            if (t - lastReport > TimeUnit.SECONDS.toNanos(5) || sent >= messages) {
                progress(String.format("filled %d / %d (%.0f messages/s)", sent, messages, (sent - had) / ((t - t0) / 1e9)));
                lastReport = t;
            }
        }
        ObjectNode line = JsonLines.line("search_fill");
        if (label != null) line.put("label", label);
        line.put("messages", messages - had);
        line.put("messages_per_second", Math.round((messages - had) / ((System.nanoTime() - t0) / 1e9)));
        JsonLines.print(line);
    }

    /** Half the messages in a tenth of the chats: a few long chats, many short ones. */
    private int biasedPeer(SplittableRandom random) {
        int hot = Math.max(1, chats / 10);
        return random.nextBoolean() ? random.nextInt(hot) : random.nextInt(chats);
    }

    static String sentence(SplittableRandom random) {
        boolean chinese = random.nextBoolean();
        String[] words = chinese ? ZH : EN;
        int n = 3 + random.nextInt(10);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (!chinese && i > 0) b.append(' ');
            b.append(words[random.nextInt(words.length)]);
        }
        if (random.nextInt(5_000) == 0) b.append(chinese ? "" : " ").append(RARE[random.nextInt(RARE.length)]);
        return b.append(chinese ? "。" : ".").toString();
    }

    private record Row(String name, String query, Supplier<MessageHits> search) { }

    private void measure(Store store, long[] ids) {
        long me = ids[0];
        long hotPeer = ids[1];
        MessageHits page = store.searchAllMessages(me, "the", null, 50);
        for (int i = 0; i < 100 && page.next() != null; i++) page = store.searchAllMessages(me, "the", page.next(), 50);
        Long deep = page.next();
        List<Row> rows = List.of(
                new Row("all_rare_en", "zephyr", () -> store.searchAllMessages(me, "zephyr", null, 20)),
                new Row("all_rare_zh_2", "麒麟", () -> store.searchAllMessages(me, "麒麟", null, 20)),
                new Row("all_common_en", "the", () -> store.searchAllMessages(me, "the", null, 20)),
                new Row("all_phrase_en", "dinner at seven", () -> store.searchAllMessages(me, "dinner at seven", null, 20)),
                new Row("all_zh_2", "晚饭", () -> store.searchAllMessages(me, "晚饭", null, 20)),
                new Row("all_zh_4", "今天晚饭", () -> store.searchAllMessages(me, "今天晚饭", null, 20)),
                new Row("all_en_2", "at", () -> store.searchAllMessages(me, "at", null, 20)),
                new Row("all_absent", "xylophone", () -> store.searchAllMessages(me, "xylophone", null, 20)),
                new Row("all_common_deep_page", "the", () -> store.searchAllMessages(me, "the", deep, 20)),
                new Row("chat_rare_en", "quokka", () -> store.searchMessages(me, hotPeer, "quokka", null, 20).orElseThrow()),
                new Row("chat_common_en", "dinner", () -> store.searchMessages(me, hotPeer, "dinner", null, 20).orElseThrow()),
                new Row("chat_zh_2", "晚饭", () -> store.searchMessages(me, hotPeer, "晚饭", null, 20).orElseThrow()),
                new Row("chat_absent", "xylophone", () -> store.searchMessages(me, hotPeer, "xylophone", null, 20).orElseThrow()));
        long seen = 0; // what the warm-up found, so that nothing is optimised away
        for (Row row : rows) for (int i = 0; i < warmup; i++) seen += row.search().get().messages().size();
        progress("warmed up: " + warmup + " searches of each row (" + seen + " hits)");
        for (Row row : rows) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            MessageHits first = null;
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                MessageHits hits = row.search().get();
                h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                if (first == null) first = hits;
            }
            ObjectNode line = JsonLines.line("search");
            if (label != null) line.put("label", label);
            line.put("row", row.name());
            line.put("query", row.query());
            line.put("messages", messages);
            line.put("chats", chats);
            line.put("p50_ms", Latencies.ms(h.getValueAtPercentile(50)));
            line.put("p90_ms", Latencies.ms(h.getValueAtPercentile(90)));
            line.put("p99_ms", Latencies.ms(h.getValueAtPercentile(99)));
            line.put("max_ms", Latencies.ms(h.getMaxValue()));
            line.put("count", h.getTotalCount());
            line.put("hits", first.messages().size());
            line.put("cut", first.cut());
            JsonLines.print(line);
        }
    }

    /** The database's size on disk and the full-text index's part of it (its data table's blocks). */
    private ObjectNode sizes(Path dir) throws Exception {
        ObjectNode line = JsonLines.line("search_size");
        if (label != null) line.put("label", label);
        Path db = dir.resolve("duet.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath()); Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            try (ResultSet rs = st.executeQuery("SELECT (SELECT COALESCE(SUM(length(block)), 0) FROM messages_fts_data),"
                    + " (SELECT COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM messages), (SELECT COUNT(*) FROM messages)")) {
                rs.next();
                line.put("index_bytes", rs.getLong(1));
                line.put("text_bytes", rs.getLong(2));
                line.put("rows", rs.getLong(3));
            }
        }
        line.put("file_bytes", Files.size(db));
        return line;
    }

    private static void progress(String text) {
        JsonLines.progress("search: " + text);
    }
}
