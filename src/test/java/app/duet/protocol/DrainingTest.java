package app.duet.protocol;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.ChildServer;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Extension: {@code /livez} and {@code /readyz} beside the contract's {@code /healthz}, and
 * {@code duet serve --drain-seconds N}: on SIGTERM the node answers {@code /readyz} with 503 for
 * N seconds (so a load balancer sends new connections elsewhere) while it still serves, then stops
 * as before (sockets closed with 1001).
 */
class DrainingTest {
    @TempDir
    Path data;

    @Test
    void on_sigterm_readyz_turns_503_while_the_node_still_serves_then_it_stops() throws Exception {
        try (ChildServer node = ChildServer.start(List.of(), Duration.ofSeconds(60),
                "--data", data.toString(), "--bcrypt-cost", "4", "--drain-seconds", "3");
             ApiClient api = new ApiClient(node.base())) {
            assertThat(api.get("/livez").send().json().path("status").asText()).isEqualTo("alive");
            Response ready = api.get("/readyz").send();
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("ready");
            Session ann = api.newUser();
            WsClient ws = WsClient.connect(node.ws()).as(ann).open();
            ws.hello();

            long sigterm = System.nanoTime();
            node.process().destroy();   // SIGTERM
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.get("/readyz").send().status() == 503);
            Response draining = api.get("/readyz").send();
            assertThat(draining.json().path("error").path("code").asText()).isEqualTo("unavailable");
            // Still serving meanwhile: the contract's health, the API, the open socket.
            assertThat(api.get("/healthz").send().status()).isEqualTo(200);
            assertThat(api.get("/livez").send().status()).isEqualTo(200);
            assertThat(api.me(ann).path("username").asText()).isEqualTo(ann.username());

            WsClient.Closed closed = ws.awaitClose(Duration.ofSeconds(20));
            long afterMs = (System.nanoTime() - sigterm) / 1_000_000;
            assertThat(closed.code()).as("going away, once drained").isEqualTo(1001);
            assertThat(afterMs).as("ms from SIGTERM to the socket's close").isGreaterThanOrEqualTo(2_500);
            assertThat(node.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(node.process().exitValue()).isIn(0, 143);
        }
    }
}
