package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code metricsBind} set, /metrics is served on that address only: the main port answers
 * 404 for it, and the metrics address serves nothing else.
 */
class MetricsBindTest extends ProtocolTestBase {

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.metricsBind("127.0.0.1:0");
    }

    private ApiClient metricsApi() {
        int port = server.server().metricsPort();
        assertThat(port).as("metrics port").isPositive().isNotEqualTo(server.port());
        return new ApiClient(URI.create("http://127.0.0.1:" + port));
    }

    @Test
    void metrics_are_served_on_the_metrics_address() {
        api.newUser();
        Response r = metricsApi().get("/metrics").send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.text()).contains("# TYPE ");
    }

    @Test
    void the_main_port_answers_404_for_metrics() {
        assertError(api.get("/metrics").send(), 404, "not_found");
        assertThat(api.get("/healthz").send().status()).isEqualTo(200);
    }

    @Test
    void the_metrics_address_serves_nothing_else() {
        ApiClient m = metricsApi();
        for (String path : new String[] {"/", "/healthz", "/api/me", "/index.html", "/ws", "/metrics/", "/metricsx"}) {
            assertError(m.get(path).send(), 404, "not_found");
        }
        assertThat(m.post("/metrics").send().status()).isEqualTo(405);
    }
}
