package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.StalledSocket;
import app.duet.testing.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression test for the outbound-memory attack: one user opens many sockets that never read,
 * a contact sends them maximal messages that swell when JSON-escaped, and the server used to keep
 * a separately encoded copy of every frame for every socket (~490 MB of RSS for 100 sockets and
 * 300 messages). Now a frame's bytes are encoded once and shared, and a connection holding more
 * than {@code outboundQueueBytes} unwritten is dropped.
 *
 * <p>The server runs in this JVM, so its heap is measured here, after garbage collections.
 */
class OutboundMemoryTest extends ProtocolTestBase {
    private static final int SOCKETS = 100;
    private static final int MESSAGES = 300;
    /** 4000 code points, each escaped as {@code \u0001} in JSON: ~24 KB a frame. */
    private static final String SWELLING = "\u0001".repeat(4000);

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.maxSocketsPerUser(SOCKETS + 4); // the per-user cap is not what this test is about
    }

    /** Whether the stalled sockets are expected to have been dropped for holding too many bytes. */
    protected boolean stalledSocketsDropped() {
        return true;
    }

    @Test
    @Timeout(120)
    void stalled_sockets_of_one_user_cannot_make_the_server_hold_a_copy_of_every_frame_for_each() throws Exception {
        Session sender = api.newUser(), victim = api.newUser();
        api.makeContacts(sender, victim);
        WsClient s1 = ws(sender);
        List<StalledSocket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < SOCKETS; i++) {
                StalledSocket s = StalledSocket.open(server.port(), victim.token());
                stalled.add(s);
                assertThat(s.status()).as("handshake %d: %s", i, s.head()).isEqualTo(101);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> openConnections() >= SOCKETS + 1);
            long before = heapAfterGc();

            for (int i = 0; i < MESSAGES; i++) s1.send(victim.id(), SWELLING, "swell-" + i);
            // acks follow the message events on the one committing thread: once the last ack is
            // here, every frame has been handed to every stalled socket (or the socket dropped)
            String last = "swell-" + (MESSAGES - 1);
            s1.await("ack", j -> last.equals(j.path("clientId").asText()), Duration.ofSeconds(60));
            long after = heapAfterGc();

            long growthMb = (after - before) / (1024 * 1024);
            System.out.printf("outbound memory: heap %d MB -> %d MB (+%d MB) after %d frames of ~%d KB to %d stalled sockets;"
                            + " %d connections still open%n",
                    before >> 20, after >> 20, growthMb, MESSAGES, frameBytes() >> 10, SOCKETS, openConnections());
            assertThat(growthMb).as("server heap growth in MB").isLessThan(100);
            if (stalledSocketsDropped()) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openConnections() == 1);
            } else {
                assertThat(openConnections()).as("stalled sockets still open").isEqualTo(SOCKETS + 1);
            }
            assertThat(api.fullHistory(victim, sender.id())).as("every message is stored all the same").hasSize(MESSAGES);
        } finally {
            stalled.forEach(StalledSocket::close);
        }
    }

    private static long frameBytes() {
        return app.duet.Json.write(app.duet.Json.object().put("text", SWELLING)).length();
    }

    private long openConnections() {
        for (String line : api.get("/metrics").send().expect(200).text().split("\n")) {
            if (line.startsWith("duet_connections_open ")) return (long) Double.parseDouble(line.split(" ")[1]);
        }
        throw new AssertionError("no duet_connections_open in /metrics");
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
