package app.duet.cli;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.TestServer;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duet user list|add|disable|enable|reset-password|revoke-sessions|audit} run as the operator
 * does, in their own process's code path, on the data folder of a server that is running: the
 * server closes the account's sockets within seconds (it reads the audit log), and every action is
 * in the log.
 */
class UserAdminTest {
    TestServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start();
        api = new ApiClient(server.baseUri());
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    ConfigSourcesTest.Run user(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "user";
        all[1] = args[0];
        all[2] = "--data=" + server.dataDir();
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return ConfigSourcesTest.run(Map.of(), all);
    }

    static void awaitRevoked(WsClient ws) {
        assertThat(ws.awaitClose(Duration.ofSeconds(15)).code()).isEqualTo(4401);
    }

    @Test
    void disabling_closes_the_sockets_and_refuses_sign_in_until_enabled() {
        Session bob = api.newUser("Bob");
        WsClient ws = WsClient.connect(server.wsUri()).as(bob).open();
        ws.hello();

        ConfigSourcesTest.Run r = user("disable", bob.username());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Disabled " + bob.username()).contains("signed out 1 session");
        awaitRevoked(ws);
        assertThat(api.get("/api/me").as(bob).send().status()).isEqualTo(401);
        ApiClient.Response refused = api.loginRaw(bob.username(), PASSWORD);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("account_disabled");
        assertThat(api.loginRaw(bob.username(), "not the password").status()).as("tells nothing without the password").isEqualTo(401);
        assertThat(user("list").out()).containsPattern(bob.username() + "\\s+Bob\\s+disabled\\s+0");

        assertThat(user("enable", bob.username()).code()).isZero();
        api.login(bob.username(), PASSWORD);
        assertThat(user("list").out()).containsPattern(bob.username() + "\\s+Bob\\s+active\\s+1");
    }

    @Test
    void revoking_sessions_and_resetting_the_password_sign_out_everywhere() {
        Session carol = api.newUser("Carol");
        WsClient ws = WsClient.connect(server.wsUri()).as(carol).open();
        ws.hello();
        assertThat(user("revoke-sessions", carol.username()).out()).contains("out of 1 session");
        awaitRevoked(ws);
        assertThat(api.get("/api/me").as(carol).send().status()).isEqualTo(401);

        Session again = api.login(carol.username(), PASSWORD);
        WsClient ws2 = WsClient.connect(server.wsUri()).as(again).open();
        ws2.hello();
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a brand new password\n".getBytes(StandardCharsets.UTF_8)));
            ConfigSourcesTest.Run r = user("reset-password", carol.username());
            assertThat(r.code()).as(r.err()).isZero();
        } finally {
            System.setIn(stdin);
        }
        awaitRevoked(ws2);
        assertThat(api.loginRaw(carol.username(), PASSWORD).status()).isEqualTo(401);
        api.login(carol.username(), "a brand new password");

        ConfigSourcesTest.Run audit = user("audit");
        assertThat(audit.out()).containsSubsequence("user.revoke-sessions", "user.reset-password");
        assertThat(user("disable", "nobody_here").code()).isEqualTo(1);
    }

    @Test
    void an_account_made_by_the_operator_is_in_the_audit_log() {
        InputStream stdin = System.in;
        String name = ApiClient.uniqueUsername("op");
        try {
            System.setIn(new ByteArrayInputStream("operator made this\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(user("add", name, "--name", "Made").code()).isZero();
        } finally {
            System.setIn(stdin);
        }
        api.login(name, "operator made this");
        assertThat(user("audit", "--last", "1").out()).contains("user.add").contains(name).contains("(duet user)");
    }

    @Test
    void the_commands_work_on_postgresql_and_its_server_closes_a_disabled_users_sockets() {
        try (TestServer pg = TestServer.start(TestServer::onPostgres); ApiClient pgApi = new ApiClient(pg.baseUri())) {
            String db = "--db=" + pg.server().config().databaseUrl();
            Session dan = pgApi.newUser("Dan");
            WsClient ws = WsClient.connect(pg.wsUri()).as(dan).open();
            ws.hello();

            ConfigSourcesTest.Run r = ConfigSourcesTest.run(Map.of(), "user", "disable", dan.username(), db);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Disabled " + dan.username()).contains("signed out 1 session");
            awaitRevoked(ws);   // the server learnt it from the audit log in PostgreSQL
            assertThat(pgApi.loginRaw(dan.username(), PASSWORD).json().path("error").path("code").asText()).isEqualTo("account_disabled");
            assertThat(ConfigSourcesTest.run(Map.of(), "user", "list", db).out()).containsPattern(dan.username() + "\\s+Dan\\s+disabled");

            assertThat(ConfigSourcesTest.run(Map.of(), "user", "enable", dan.username(), db).code()).isZero();
            pgApi.login(dan.username(), PASSWORD);
            assertThat(ConfigSourcesTest.run(Map.of(), "user", "audit", "--last", "2", db).out())
                    .containsSubsequence("user.disable", "user.enable").contains("(duet user)");
        }
    }
}
