package app.duet.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DNS rebinding: which Host headers a listener answers to. */
class HostsTest {
    private final Hosts loopback = Hosts.forListener("127.0.0.1",
            List.of("https://chat.example.org", "http://[fd00::5]:8080", "not a url"));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST", "127.0.1.1"})
    void a_listener_on_a_loopback_address_checks_hosts(String listen) {
        assertThat(Hosts.forListener(listen, List.of()).guarding()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.5", "10.0.0.1", ""})
    void a_listener_on_another_address_accepts_every_host(String listen) {
        Hosts hosts = Hosts.forListener(listen, List.of());
        assertThat(hosts.guarding()).isFalse();
        assertThat(hosts.accepts("evil.example")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8080", "LocalHost:1", "127.0.0.1", "127.0.0.1:8080", "127.255.255.254:80",
            "[::1]", "[::1]:8080", "chat.example.org", "chat.example.org:443", "CHAT.EXAMPLE.ORG:8443", "[fd00::5]:8080"})
    void loopback_names_and_configured_hosts_are_accepted_with_any_port(String host) {
        assertThat(loopback.accepts(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.evil.example",
            "evil-localhost", "127.0.0.256", "128.0.0.1", "0.0.0.0", "[::2]", "[::1", "::1", "chat.example.org.evil",
            "example.org", "localhost:80:80", "localhost:x", "", "not a url", "[fd00::6]"})
    void other_hosts_are_refused(String host) {
        assertThat(loopback.accepts(host)).isFalse();
    }

    @Test
    void a_request_without_a_host_header_is_not_a_browsers_and_passes() {
        assertThat(loopback.accepts(null)).isTrue();
    }
}
