package app.duet.protocol;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.ChildServer;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §4: "A message is acknowledged (HTTP 201, or a WebSocket ack) only once it is durably
 * stored: it survives the server process being killed right after the acknowledgement."
 * The server runs as a child process ({@code DuetCommand serve}) and is killed with SIGKILL.
 */
class DurabilityTest {
    private static final int BURST = 400;
    private static final int KILL_AT_ACK = 50;

    @TempDir
    Path data;

    private final List<ChildServer> servers = new ArrayList<>();

    private ChildServer startServer() {
        ChildServer server = ChildServer.start(List.of(), Duration.ofSeconds(30),
                "--data", data.toString(), "--bcrypt-cost", "4", "--send-rate", "0");
        servers.add(server);
        return server;
    }

    @AfterEach
    void stopServers() {
        servers.forEach(ChildServer::close);
    }

    @Test
    @Timeout(90)
    void acknowledged_messages_survive_kill_minus_9_right_after_the_ack() throws Exception {
        ChildServer first = startServer();
        ApiClient api = new ApiClient(first.base());
        Session a = api.newUser("Alice");
        Session b = api.newUser("Bob");
        api.makeContacts(a, b);

        // one message acknowledged over HTTP (201), read by b
        JsonNode viaHttp = api.send(a, b.id(), "stored over http", "http-1");
        api.read(b, a.id(), viaHttp.path("seq").asLong()).expect(204);

        // a burst over WebSocket; the server is killed from the receiving thread on the 50th ack
        WsClient a1 = WsClient.connect(first.ws()).as(a).open();
        a1.hello();
        List<JsonNode> acked = new CopyOnWriteArrayList<>();
        a1.onFrame(f -> {
            if ("ack".equals(f.type())) {
                acked.add(f.json().path("message"));
                if (acked.size() == KILL_AT_ACK) first.process().destroyForcibly();
            }
        });
        try {
            for (int i = 0; i < BURST; i++) a1.send(b.id(), "burst " + i, "ws-" + i);
        } catch (IllegalStateException sendFailedAfterKill) {
            // expected once the server is gone
        }
        assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).as("server killed").isTrue();
        a1.abort();
        assertThat(acked.size()).as("acks before the kill").isGreaterThanOrEqualTo(KILL_AT_ACK);

        // restart on the same data folder
        ChildServer second = startServer();
        ApiClient api2 = new ApiClient(second.base());
        Session a2 = api2.login(a.username(), PASSWORD);
        Session b2 = api2.login(b.username(), PASSWORD);
        assertThat(a2.id()).isEqualTo(a.id());

        List<JsonNode> aCopy = api2.fullHistory(a2, b.id());
        List<JsonNode> bCopy = api2.fullHistory(b2, a.id());
        assertThat(bCopy).isEqualTo(aCopy);
        long last = aCopy.isEmpty() ? 0 : aCopy.get(aCopy.size() - 1).path("seq").asLong();
        assertThat(seqs(aCopy)).as("no gaps after the crash").isEqualTo(
                java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());

        // every acknowledged message is there, exactly as acknowledged
        assertThat(aCopy).contains(viaHttp);
        Set<String> storedIds = new HashSet<>();
        for (JsonNode m : aCopy) storedIds.add(m.path("id").asText());
        for (JsonNode m : acked) {
            assertThat(storedIds).as("acked message seq %s", m.path("seq")).contains(m.path("id").asText());
            assertThat(aCopy.get((int) m.path("seq").asLong() - 1)).isEqualTo(m);
        }

        // both chat boxes and the unread counts survived
        JsonNode bBox = api2.chatWith(b2, a.id());
        JsonNode aBox = api2.chatWith(a2, b.id());
        assertThat(bBox).as("b's chat box").isNotNull();
        assertThat(aBox).as("a's chat box").isNotNull();
        assertThat(bBox.path("unread").asLong()).as("b read seq 1 only").isEqualTo(last - 1);
        assertThat(aBox.path("unread").asLong()).isZero();
        assertThat(bBox.path("lastMessage").path("seq").asLong()).isEqualTo(last);

        // clientIds survived: resending an acked one returns it, and seq goes on
        ApiClient.Response resend = api2.sendRaw(a2, b.id(), "burst 0", "ws-0");
        assertThat(resend.status()).isEqualTo(200);
        assertThat(api2.send(a2, b.id(), "after restart").path("seq").asLong()).isEqualTo(last + 1);
    }

    @Test
    @Timeout(60)
    void a_message_acknowledged_over_http_survives_kill_minus_9() throws Exception {
        ChildServer first = startServer();
        ApiClient api = new ApiClient(first.base());
        Session a = api.newUser();
        Session b = api.newUser();
        api.makeContacts(a, b);
        JsonNode m = api.send(a, b.id(), "last words");
        first.process().destroyForcibly();
        first.process().waitFor(20, TimeUnit.SECONDS);

        ApiClient api2 = new ApiClient(startServer().base());
        Session b2 = api2.login(b.username(), PASSWORD);
        assertThat(api2.fullHistory(b2, a.id())).containsExactly(m);
        assertThat(api2.chatWith(b2, a.id()).path("unread").asInt()).isEqualTo(1);
        Session a2 = api2.login(a.username(), PASSWORD);
        assertThat(api2.fullHistory(a2, b.id())).containsExactly(m);
    }

    private static List<Long> seqs(List<JsonNode> ms) {
        return ms.stream().map(j -> j.path("seq").asLong()).toList();
    }
}
