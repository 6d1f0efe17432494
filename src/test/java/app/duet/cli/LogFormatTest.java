package app.duet.cli;

import app.duet.Json;
import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ChildServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --log-format json}: one JSON object per log line; every HTTP answer names its request id. */
class LogFormatTest {
    @TempDir
    Path data;

    @Test
    void json_logs_are_one_object_a_line_and_each_answer_carries_its_request_id() throws Exception {
        try (ChildServer node = ChildServer.start(List.of(), Duration.ofSeconds(60),
                "--data", data.toString(), "--bcrypt-cost", "4", "--log-format", "json");
             ApiClient api = new ApiClient(node.base())) {
            List<JsonNode> lines = node.output().stream().filter(l -> l.startsWith("{")).map(Json::parseObject).map(JsonNode.class::cast).toList();
            assertThat(lines).as("log lines: %s", node.output())
                    .anySatisfy(j -> assertThat(j.path("formattedMessage").asText()).startsWith("Duet started on"));
            assertThat(lines).allSatisfy(j -> {
                assertThat(j.path("level").asText()).isNotEmpty();
                assertThat(j.path("loggerName").asText()).isNotEmpty();
                assertThat(j.path("timestamp").asLong()).isPositive();
            });

            // A proxy's well-formed id is kept (its logs and ours name the same request); anything else is replaced.
            Response kept = api.get("/healthz").header("X-Request-Id", "lb-7f3a.01").send();
            assertThat(kept.header("X-Request-Id")).contains("lb-7f3a.01");
            Response replaced = api.get("/api/me").header("X-Request-Id", "no spaces allowed: {x}").send();
            assertThat(replaced.status()).isEqualTo(401);
            assertThat(replaced.header("X-Request-Id").orElseThrow()).matches("[0-9a-f]{16}");
            Response fresh = api.get("/healthz").send();
            assertThat(fresh.header("X-Request-Id").orElseThrow()).matches("[0-9a-f]{16}").isNotEqualTo(replaced.header("X-Request-Id").orElseThrow());
        }
    }

    @Test
    void an_unknown_log_format_stops_the_start() {
        assertThat(new CommandLine(new DuetCommand()).execute("serve", "--port", "0", "--data", data.toString(), "--log-format", "xml"))
                .isEqualTo(2);
    }
}
