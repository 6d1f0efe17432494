package app.duet.backup;

import app.duet.cli.DuetCommand;
import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.TestServer;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code duet backup} while senders keep a server busy, then {@code duet restore} into a new data
 * folder and a server started on it: every message acknowledged before the backup began is there,
 * and each pair's history is exactly the original's up to the copy's last message (same ids, seqs,
 * texts, times). Runs the commands as the operator does, through the command line's parser.
 */
class BackupRestoreTest {
    static final int PAIRS = 3;
    /** Each sender stops by itself after this many (a bound on the test's time and memory). */
    static final int MAX_PER_SENDER = 4_000;

    record Pair(Session from, Session to) { }

    @TempDir
    Path tmp;

    @Test
    void a_backup_taken_under_load_restores_every_acknowledged_message() throws Exception {
        List<Pair> pairs = new ArrayList<>();
        Path backup = tmp.resolve("backups").resolve("duet.zip");
        Path restored = tmp.resolve("restored");
        Map<String, Long> ackedAt = new ConcurrentHashMap<>();   // clientId -> when its ack arrived (nanoTime)
        long backupStarted;
        long backupEnded;
        try (TestServer server = TestServer.start(); ApiClient api = new ApiClient(server.baseUri())) {
            for (int i = 0; i < PAIRS; i++) {
                Session a = api.register(ApiClient.uniqueUsername("bka"), PASSWORD, "A" + i);
                Session b = api.register(ApiClient.uniqueUsername("bkb"), PASSWORD, "B" + i);
                api.makeContacts(a, b);
                pairs.add(new Pair(a, b));
            }
            // Senders, one per pair, each with a window of 8 messages in flight, until told to stop.
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch warm = new CountDownLatch(PAIRS);
            List<Thread> senders = new ArrayList<>();
            for (int p = 0; p < PAIRS; p++) {
                Pair pair = pairs.get(p);
                int id = p;
                senders.add(Thread.ofPlatform().start(() -> sendUntil(server, pair, id, stop, warm, ackedAt)));
            }
            warm.await();
            backupStarted = System.nanoTime();
            int rc = run("backup", "--data", server.dataDir().toString(), backup.toString());
            backupEnded = System.nanoTime();
            assertThat(rc).isZero();
            Thread.sleep(300);   // the load goes on after the backup, too
            stop.set(true);
            for (Thread t : senders) t.join(30_000);

            assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(run("restore", "--data", restored.toString(), backup.toString())).isZero();
            assertThat(Files.getPosixFilePermissions(restored)).isEqualTo(PosixFilePermissions.fromString("rwx------"));

            // The original's histories, read before it stops.
            List<List<JsonNode>> original = new ArrayList<>();
            for (Pair pair : pairs) original.add(all(api, pair));

            try (TestServer copy = TestServer.start(b -> b.dataDir(restored)); ApiClient capi = new ApiClient(copy.baseUri())) {
                int before = 0;
                int inCopy = 0;
                for (int p = 0; p < PAIRS; p++) {
                    Pair pair = pairs.get(p);
                    Session from = capi.login(pair.from().username(), PASSWORD);
                    List<JsonNode> restoredHistory = all(capi, new Pair(from, pair.to()));
                    List<JsonNode> originalHistory = original.get(p);
                    // Exactly the original's first messages, nothing changed, nothing in between missing.
                    assertThat(restoredHistory).as("pair %d: a prefix of the original", p)
                            .isEqualTo(originalHistory.subList(0, restoredHistory.size()));
                    var clientIds = restoredHistory.stream().map(m -> m.path("clientId").asText()).collect(java.util.stream.Collectors.toSet());
                    for (JsonNode m : originalHistory) {
                        Long acked = ackedAt.get(m.path("clientId").asText());
                        if (acked != null && acked < backupStarted) {
                            before++;
                            assertThat(clientIds).as("acknowledged before the backup began").contains(m.path("clientId").asText());
                        }
                    }
                    inCopy += restoredHistory.size();
                }
                System.out.printf("BackupRestoreTest: %d messages acknowledged before the backup began, %d in the copy, %d in the original; backup took %d ms%n",
                        before, inCopy, original.stream().mapToInt(List::size).sum(), (backupEnded - backupStarted) / 1_000_000);
                assertThat(before).as("the load was running").isGreaterThan(PAIRS * 8);
            }
        }
    }

    @Test
    void restore_refuses_a_folder_that_is_not_empty_and_an_archive_that_is_not_a_backup() throws IOException {
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("something"), "x");
        Path notBackup = tmp.resolve("evil.zip");
        try (OutputStream out = Files.newOutputStream(notBackup); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("duet-backup.json"));
            zip.write("{\"format\":1}".getBytes());
            zip.putNextEntry(new ZipEntry("files/../../escaped"));
            zip.write("x".getBytes());
        }
        assertThatThrownBy(() -> BackupArchive.restore(notBackup, full)).hasMessageContaining("not empty");
        assertThatThrownBy(() -> BackupArchive.restore(notBackup, tmp.resolve("fresh"))).hasMessageContaining("outside the data folder");
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(run("backup", "--data", tmp.resolve("no-such-folder").toString(), tmp.resolve("b.zip").toString())).isEqualTo(1);
        assertThat(run("backup", "--db", "postgresql://u:p@127.0.0.1:1/duet", tmp.resolve("b.zip").toString())).isEqualTo(2);
    }

    private static int run(String... args) {
        return new CommandLine(new DuetCommand()).execute(args);
    }

    /** Sends "p{id}-{n}" with clientId "bk{id}-{n}", 8 in flight, recording when each ack arrived. */
    private static void sendUntil(TestServer server, Pair pair, int id, AtomicBoolean stop, CountDownLatch warm, Map<String, Long> ackedAt) {
        try (WsClient ws = WsClient.connect(server.wsUri()).as(pair.from()).open()) {
            ws.hello();
            ws.onFrame(f -> {
                if ("ack".equals(f.type())) ackedAt.put(f.json().path("clientId").asText(), f.receivedNanos());
            });
            int sent = 0;
            while (!stop.get() && sent < MAX_PER_SENDER) {
                for (int k = 0; k < 8; k++, sent++) ws.send(pair.to().id(), "p" + id + "-" + sent, "bk" + id + "-" + sent);
                String last = "bk" + id + "-" + (sent - 1);
                ws.await("ack", j -> last.equals(j.path("clientId").asText()), Duration.ofSeconds(30));
                if (sent == 64) warm.countDown();
            }
        }
    }

    /** A pair's whole history as the sender sees it, oldest first. */
    private static List<JsonNode> all(ApiClient api, Pair pair) {
        List<JsonNode> out = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.history(pair.from(), pair.to().id(), "after=" + after + "&limit=200");
            for (JsonNode m : page.path("messages")) out.add(m);
            if (!page.path("hasMore").asBoolean()) return out;
            after = out.getLast().path("seq").asLong();
        }
    }
}
