package app.duet.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * packaging/duet.service, the systemd unit of docs/OPERATIONS.md: it runs the jar on the data
 * systemd keeps for it, sandboxed, and stops gracefully; and systemd itself finds nothing wrong
 * with it ({@code systemd-analyze verify}, where systemd is installed).
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("packaging", "duet.service");

    @Test
    void itRunsTheJarOnTheStateDirectoryWithTheConfigurationAsACredential() throws IOException {
        Map<String, List<String>> service = section("Service");
        String execStart = single(service, "ExecStart");
        assertThat(execStart).contains("-jar /opt/duet/duet.jar serve", "--data /var/lib/duet", "--config %d/duet.properties",
                "--enable-native-access=ALL-UNNAMED");
        assertThat(service.get("LoadCredential")).containsExactly("duet.properties:/etc/duet/duet.properties");
        assertThat(single(service, "StateDirectory")).isEqualTo("duet");
        assertThat(single(service, "Restart")).isEqualTo("on-failure");
        assertThat(single(section("Install"), "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void itIsSandboxed() throws IOException {
        Map<String, List<String>> service = section("Service");
        Map<String, String> required = new LinkedHashMap<>();
        required.put("DynamicUser", "yes");
        required.put("ProtectSystem", "strict");
        required.put("ProtectHome", "yes");
        required.put("PrivateTmp", "yes");
        required.put("PrivateDevices", "yes");
        required.put("NoNewPrivileges", "yes");
        required.put("CapabilityBoundingSet", "");
        required.put("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX");
        required.put("SystemCallArchitectures", "native");
        required.put("ProtectKernelTunables", "yes");
        required.put("ProtectKernelModules", "yes");
        required.put("ProtectKernelLogs", "yes");
        required.put("ProtectControlGroups", "yes");
        required.put("LockPersonality", "yes");
        required.put("RestrictNamespaces", "yes");
        required.put("RestrictRealtime", "yes");
        required.put("UMask", "0077");
        required.forEach((key, value) -> assertThat(single(service, key)).as(key).isEqualTo(value));
        assertThat(service.get("SystemCallFilter")).contains("@system-service");
        // The JIT writes code and then runs it: this one would stop the JVM.
        assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");
        // Many WebSockets, one descriptor each.
        assertThat(Integer.parseInt(single(service, "LimitNOFILE"))).isGreaterThanOrEqualTo(65536);
    }

    @Test
    void itStopsWithSigtermAndWaitsLongerThanADrain() throws IOException {
        Map<String, List<String>> service = section("Service");
        assertThat(single(service, "KillSignal")).isEqualTo("SIGTERM");
        String timeout = single(service, "TimeoutStopSec");
        assertThat(timeout).matches("\\d+s");
        // OPERATIONS suggests drain-seconds a little above the balancer's checks (e.g. 5); the
        // default is 0. The writes and the closing of sockets take the rest.
        assertThat(Integer.parseInt(timeout.substring(0, timeout.length() - 1))).isGreaterThanOrEqualTo(60);
    }

    @Test
    void systemdFindsNothingWrongWithIt(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed: only the keys are checked");
        // verify wants ExecStart's program to exist: this JVM's java stands for /usr/bin/java.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path copy = dir.resolve("duet.service");
        Files.writeString(copy, Files.readString(UNIT).replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));

        Process p = new ProcessBuilder(analyze.toString(), "verify", "--man=no", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // An unknown or misspelt key is only a warning to systemd, and would be a protection lost.
        assertThat(out).as(out).doesNotContainIgnoringCase("unknown").doesNotContainIgnoringCase("ignoring");
    }

    @Test
    void theExampleConfigurationIsOneDuetAccepts() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "app.duet.cli.DuetCommand",
                "config", "--config", "packaging/duet.properties").redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DUET_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("registration\\s.*closed.*duet\\.properties");
    }

    /** The keys of one section, each with its values in order (a key may be given many times). */
    private static Map<String, List<String>> section(String name) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = null;
        for (String raw : Files.readAllLines(UNIT)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                current = line.substring(1, line.indexOf(']'));
                continue;
            }
            int eq = line.indexOf('=');
            if (name.equals(current) && eq > 0) {
                keys.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        }
        assertThat(keys).as("section [%s] of %s", name, UNIT).isNotEmpty();
        return keys;
    }

    private static String single(Map<String, List<String>> section, String key) {
        assertThat(section).as("has %s", key).containsKey(key);
        assertThat(section.get(key)).as(key).hasSize(1);
        return section.get(key).getFirst();
    }
}
