package app.duet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Options come from flags, then DUET_* environment variables, then a --config file, then their
 * defaults; {@code duet config} says which; a key the file should not have stops the start.
 */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) { }

    /** {@link DuetCommand#run} with its standard output and error caught. */
    static synchronized Run run(Map<String, String> env, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = DuetCommand.run(args, env);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static String line(Run r, String option) {
        return r.out().lines().filter(l -> l.startsWith(option + " ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
    }

    @Test
    void a_flag_beats_the_environment_which_beats_the_file_which_beats_the_default() throws IOException {
        Path file = dir.resolve("duet.properties");
        Files.writeString(file, "# a comment\nport = 1111\nmax-file-mb = 7\nbcrypt-cost = 11\ntrusted-proxy = 10.0.0.1, 10.0.0.2\n");
        Map<String, String> env = Map.of("DUET_PORT", "2222", "DUET_BCRYPT_COST", "12");

        Run r = run(env, "config", "--config", file.toString(), "--bcrypt-cost", "13");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(line(r, "--port")).contains("2222").contains("environment DUET_PORT");
        assertThat(line(r, "--bcrypt-cost")).contains("13").contains("flag --bcrypt-cost");
        assertThat(line(r, "--max-file-mb")).contains("7").contains("file duet.properties");
        assertThat(line(r, "--trusted-proxy")).contains("[10.0.0.1, 10.0.0.2]").contains("file");
        assertThat(line(r, "--send-burst")).endsWith("default");

        // DUET_CONFIG names the file too
        Run viaEnv = run(Map.of("DUET_CONFIG", file.toString()), "config");
        assertThat(line(viaEnv, "--port")).contains("1111").contains("file duet.properties");
    }

    @Test
    void passwords_in_urls_are_masked() {
        Run r = run(Map.of("DUET_DB", "postgresql://duet:s3cret-pw@db.example.org:5432/duet"), "config");
        assertThat(r.code()).isZero();
        assertThat(line(r, "--db")).contains("postgresql://duet:****@db.example.org:5432/duet").contains("environment DUET_DB");
        assertThat(r.out()).doesNotContain("s3cret");
        assertThat(ConfigCommand.mask("redis://:pw@127.0.0.1:6379")).isEqualTo("redis://:****@127.0.0.1:6379");
        assertThat(ConfigCommand.mask("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void an_unknown_key_in_the_file_stops_the_start_naming_the_key() throws IOException {
        Path file = dir.resolve("duet.properties");
        Files.writeString(file, "prot = 8080\nport = 8081\n");
        Run r = run(Map.of(), "serve", "--config", file.toString(), "--data", dir.resolve("data").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("prot").doesNotContain("port,");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void a_bad_value_stops_the_start_naming_the_option() throws IOException {
        Path file = dir.resolve("duet.properties");
        Files.writeString(file, "port = eighty\n");
        Run r = run(Map.of(), "serve", "--config", file.toString(), "--data", dir.resolve("data").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--port").contains("eighty");
        Run missing = run(Map.of(), "serve", "--config", dir.resolve("nope.properties").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.properties");
    }
}
