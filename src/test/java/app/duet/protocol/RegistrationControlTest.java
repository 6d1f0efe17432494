package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.cli.DuetCommand;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --registration closed}: nobody registers over the API; the operator makes accounts with {@code duet user add}. */
class RegistrationControlTest extends ProtocolTestBase {

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.registration(DuetConfig.Registration.CLOSED);
    }

    @Test
    void registering_is_refused_with_registration_closed_and_stores_nothing() {
        String name = uniqueUsername("closed");

        assertError(api.registerRaw(name, PASSWORD, null), 403, "registration_closed");
        assertError(api.loginRaw(name, PASSWORD), 401, "invalid_credentials");
    }

    @Test
    void the_operator_adds_a_user_from_the_command_line_who_can_then_sign_in() {
        String name = uniqueUsername("op");
        int exit = runWithInput(PASSWORD + "\n", "user", "add", name, "--name", "Operator Made",
                "--bcrypt-cost", "4", "--data", server.dataDir().toString());

        assertThat(exit).isZero();
        assertThat(api.login(name, PASSWORD).name()).isEqualTo("Operator Made");
    }

    @Test
    void the_command_line_refuses_a_weak_password_or_a_taken_name() {
        String name = uniqueUsername("op");
        assertThat(runWithInput("short\n", "user", "add", name, "--data", server.dataDir().toString())).isEqualTo(1);
        assertThat(runWithInput(PASSWORD + "\n", "user", "add", name, "--bcrypt-cost", "4", "--data", server.dataDir().toString())).isZero();
        assertThat(runWithInput(PASSWORD + "\n", "user", "add", name, "--bcrypt-cost", "4", "--data", server.dataDir().toString())).isEqualTo(1);
    }

    @Test
    void the_command_line_without_a_password_says_how_to_give_one_and_adds_nobody() {
        String name = uniqueUsername("op");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(said, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = runWithInput("", "user", "add", name, "--data", server.dataDir().toString());
        } finally {
            System.setErr(err);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("No password given").contains("standard input");
        api.post("/api/login").json(java.util.Map.of("username", name, "password", PASSWORD)).send().expect(401);
    }

    private static int runWithInput(String stdin, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new picocli.CommandLine(new DuetCommand()).execute(args);
        } finally {
            System.setIn(before);
        }
    }
}
