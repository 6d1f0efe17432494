package app.duet.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §5: an Origin is allowed when it is the server's own (scheme, host, port) or configured. */
class OriginsTest {

    private final Origins none = new Origins(List.of());

    @Test
    void the_servers_own_origin_is_allowed() {
        assertThat(none.isAllowed("http://127.0.0.1:8080", "http", "127.0.0.1:8080")).isTrue();
        assertThat(none.isAllowed("https://chat.example.com", "https", "chat.example.com")).isTrue();
    }

    @Test
    void a_default_port_may_be_written_out_or_left_implicit_on_either_side() {
        assertThat(none.isAllowed("http://example.com", "http", "example.com:80")).isTrue();
        assertThat(none.isAllowed("http://example.com:80", "http", "example.com")).isTrue();
        assertThat(none.isAllowed("https://example.com", "https", "example.com:443")).isTrue();
        assertThat(none.isAllowed("https://example.com:443", "https", "example.com")).isTrue();
    }

    @Test
    void scheme_and_host_are_compared_without_regard_to_case() {
        assertThat(none.isAllowed("HTTP://LocalHost:8080", "http", "localhost:8080")).isTrue();
        assertThat(none.isAllowed("http://localhost:8080", "http", "LOCALHOST:8080")).isTrue();
        assertThat(none.isAllowed("https://Chat.Example.COM", "HTTPS", "chat.example.com")).isTrue();
    }

    @Test
    void another_host_is_refused() {
        assertThat(none.isAllowed("http://evil.example:8080", "http", "localhost:8080")).isFalse();
        assertThat(none.isAllowed("http://localhost.evil.example:8080", "http", "localhost:8080")).isFalse();
        assertThat(none.isAllowed("http://127.0.0.1:8080", "http", "localhost:8080")).isFalse();
    }

    @Test
    void another_port_is_refused() {
        assertThat(none.isAllowed("http://localhost:8081", "http", "localhost:8080")).isFalse();
        assertThat(none.isAllowed("http://localhost", "http", "localhost:8080")).isFalse();
        assertThat(none.isAllowed("http://example.com:443", "http", "example.com")).isFalse();
    }

    @Test
    void another_scheme_is_refused() {
        assertThat(none.isAllowed("https://example.com", "http", "example.com")).isFalse();
        assertThat(none.isAllowed("http://example.com:443", "https", "example.com")).isFalse();
        assertThat(none.isAllowed("https://localhost:8080", "http", "localhost:8080")).isFalse();
    }

    @Test
    void an_ipv6_origin_matches_its_own_host() {
        assertThat(none.isAllowed("http://[::1]:8080", "http", "[::1]:8080")).isTrue();
        assertThat(none.isAllowed("http://[::1]:8081", "http", "[::1]:8080")).isFalse();
    }

    @Test
    void a_configured_origin_is_allowed_whatever_host_was_reached() {
        Origins origins = new Origins(List.of("https://app.example.com", "http://localhost:5173"));

        assertThat(origins.isAllowed("https://app.example.com", "http", "127.0.0.1:8080")).isTrue();
        assertThat(origins.isAllowed("https://APP.example.com:443", "http", "127.0.0.1:8080")).isTrue();
        assertThat(origins.isAllowed("http://localhost:5173", "http", null)).isTrue();
        assertThat(origins.isAllowed("http://localhost:5174", "http", "127.0.0.1:8080")).isFalse();
        assertThat(origins.isAllowed("http://app.example.com", "http", "127.0.0.1:8080")).isFalse();
    }

    @Test
    void a_configured_origin_may_be_written_with_its_default_port_or_in_capitals() {
        Origins origins = new Origins(List.of("HTTPS://App.Example.com:443"));

        assertThat(origins.isAllowed("https://app.example.com", "http", "localhost:8080")).isTrue();
    }

    @Test
    void garbage_in_the_configured_list_is_ignored() {
        Origins origins = new Origins(List.of("not a url", "", "::::", "https://ok.example"));

        assertThat(origins.isAllowed("https://ok.example", "http", "localhost:8080")).isTrue();
        assertThat(origins.isAllowed("not a url", "http", "localhost:8080")).isFalse();
    }

    @Test
    void a_missing_or_blank_origin_is_refused() {
        assertThat(none.isAllowed(null, "http", "localhost:8080")).isFalse();
        assertThat(none.isAllowed("", "http", "localhost:8080")).isFalse();
        assertThat(none.isAllowed("   ", "http", "localhost:8080")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "localhost:8080", "//localhost:8080", "http://", "http:///", "::::", "http://local host:8080",
            "http://localhost:99999999999", "file:///etc/passwd", "data:text/html,x", "%%%"})
    void an_unparsable_or_opaque_origin_is_refused(String origin) {
        assertThat(none.isAllowed(origin, "http", "localhost:8080")).isFalse();
    }

    @Test
    void without_a_host_header_only_configured_origins_pass() {
        assertThat(none.isAllowed("http://localhost:8080", "http", null)).isFalse();
    }

    @Test
    void on_a_loopback_listener_a_foreign_host_does_not_make_its_own_origin_allowed() {
        Origins origins = new Origins(List.of("https://chat.example.org"), Hosts.forListener("127.0.0.1", List.of("https://chat.example.org")));

        assertThat(origins.isAllowed("http://evil.example", "http", "evil.example")).isFalse();
        assertThat(origins.isAllowed("http://evil.example:8080", "http", "evil.example:8080")).isFalse();
        assertThat(origins.isAllowed("http://localhost:8080", "http", "localhost:8080")).isTrue();
        assertThat(origins.isAllowed("http://127.0.0.1:8080", "http", "127.0.0.1:8080")).isTrue();
        assertThat(origins.isAllowed("https://chat.example.org", "http", "chat.example.org")).isTrue();
        assertThat(origins.isAllowed("http://chat.example.org", "http", "chat.example.org")).isTrue();
    }
}
