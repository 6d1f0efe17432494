package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** PROTOCOL.md §6: /healthz, /metrics in the Prometheus text format, the web client at /. */
class HealthAndMetricsTest extends ProtocolTestBase {

    @Test
    void healthz_answers_200_status_ok() {
        Response r = api.get("/healthz").send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void healthz_needs_no_authentication() {
        assertThat(api.get("/healthz").bearer("garbage").send().status()).isEqualTo(200);
    }

    @Test
    void metrics_answers_in_the_prometheus_text_format() {
        api.newUser(); // some activity
        Response r = api.get("/metrics").send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        String contentType = r.header("Content-Type").orElse("");
        assertThat(contentType).as("Content-Type").satisfiesAnyOf(
                ct -> assertThat(ct).startsWith("text/plain"),
                ct -> assertThat(ct).startsWith("application/openmetrics-text"));
        List<String> lines = Arrays.stream(r.text().split("\n")).filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).anyMatch(l -> l.startsWith("# TYPE "));
        // every sample line: name{labels} value
        List<String> samples = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(samples).isNotEmpty();
        assertThat(samples).allSatisfy(l -> {
            assertThat(l).matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+( -?[0-9]+)?");
            String value = l.replaceAll("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? ", "").split(" ")[0];
            assertThat(value).satisfiesAnyOf(
                    v -> assertThat(v).isIn("NaN", "+Inf", "-Inf"),
                    v -> assertThatCode(() -> Double.parseDouble(v)).doesNotThrowAnyException());
        });
    }

    @Test
    void the_web_client_is_served_at_the_root() {
        Response r = api.get("/").send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type").orElse("")).startsWith("text/html");
    }

    /** Extension (issue #12): HTTP and WebSocket latencies by route and frame type, the JVM's own meters. */
    @Test
    void metrics_cover_http_routes_websocket_frames_and_the_jvm() {
        app.duet.testing.ApiClient.Session ann = api.newUser();
        api.me(ann);
        api.get("/api/chats/12345/messages").as(ann).send();   // a route with a path parameter: one label value for all ids
        api.get("/no/such/page/" + System.nanoTime()).send();
        try (app.duet.testing.WsClient ws = app.duet.testing.WsClient.connect(server.wsUri()).as(ann).open()) {
            ws.hello();
            ws.sendJson(java.util.Map.of("type", "ping", "ref", "p1"));
            ws.await("pong");
            ws.sendJson(java.util.Map.of("type", "no-such-type-" + System.nanoTime()));
            ws.await("error");
        }
        String text = api.get("/metrics").send().text();
        assertThat(text).contains("duet_http_requests_seconds_count{method=\"GET\",route=\"/api/me\",status=\"2xx\"}");
        assertThat(text).contains("route=\"/api/chats/{peerId}/messages\",status=\"4xx\"");
        assertThat(text).contains("route=\"none\",status=\"4xx\"");
        assertThat(text).doesNotContain("/no/such/page").doesNotContain("12345");
        assertThat(text).contains("duet_ws_frames_seconds_count{type=\"ping\"}").contains("duet_ws_frames_seconds_count{type=\"unknown\"}");
        assertThat(text).doesNotContain("no-such-type");
        assertThat(text).contains("duet_commit_queue ").contains("duet_publish_backlog ").contains("duet_outbound_queued_bytes ");
        assertThat(text).contains("jvm_memory_used_bytes").contains("jvm_gc_").contains("process_cpu_usage");   // pauses appear after the first GC
    }

    /** docs/grafana-dashboard.json asks only for meters /metrics has (pauses appear after the first GC). */
    @Test
    void the_grafana_dashboard_names_only_meters_that_exist() throws java.io.IOException {
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "grafana-dashboard.json"));
        // Meters with labels appear with their first use: a refusal, a frame.
        api.get("/api/me").send();
        try (app.duet.testing.WsClient ws = app.duet.testing.WsClient.connect(server.wsUri()).as(api.newUser()).open()) {
            ws.hello();
            ws.sendJson(java.util.Map.of("type", "ping", "ref", "p"));
            ws.await("pong");
        }
        String text = api.get("/metrics").send().text();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:duet|jvm|process)_[a-z_]+)").matcher(dashboard);
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (m.find()) names.add(m.group(1));
        assertThat(names).hasSizeGreaterThan(10);
        for (String name : names) {
            if (name.startsWith("jvm_gc_pause")) continue;
            assertThat(text).as("/metrics has %s", name).containsPattern("(?m)^" + name + "[{ ]");
        }
    }
}
