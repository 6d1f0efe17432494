package app.duet.cli;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duet export NAME [--out FILE]} run as the operator does, on the SQLite data folder of a
 * running server and then of a stopped one: the ZIP holds the user's copy of their chats with its
 * files, is private, is never written over, and is in the audit log; an unknown user is refused.
 */
class ExportCommandTest {
    TestServer server;
    ApiClient api;
    @TempDir
    Path dir;

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

    ConfigSourcesTest.Run duet(String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data=" + server.dataDir();
        return ConfigSourcesTest.run(Map.of(), all);
    }

    static Map<String, byte[]> unzip(Path file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) entries.put(e.getName(), zip.readAllBytes());
        }
        return entries;
    }

    @Test
    void exports_a_users_copy_to_a_private_file_never_overwrites_and_writes_the_audit_log() throws IOException {
        Session alice = api.newUser("Alice");
        Session bob = api.newUser("Bob");
        api.makeContacts(alice, bob);
        api.send(alice, bob.id(), "hello <b>Bob</b>");
        long hidden = api.send(bob, alice.id(), "Alice deletes this for herself").path("seq").asLong();
        api.delete("/api/chats/" + bob.id() + "/messages/" + hidden).as(alice).send().expect(204);
        String upload = api.post("/api/uploads?name=n.txt").as(alice).header("Content-Type", "application/octet-stream")
                .body("the notes".getBytes(StandardCharsets.UTF_8)).send().expect(201).json().path("upload").path("id").asText();
        api.post("/api/chats/" + bob.id() + "/messages").as(alice)
                .json(Map.of("text", "a file", "attachments", java.util.List.of(upload))).send().expect(201);

        Path out = dir.resolve("alice.zip");
        ConfigSourcesTest.Run r = duet("export", alice.username(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Exported " + alice.username()).contains(out.toAbsolutePath().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");

        Map<String, byte[]> zip = unzip(out);
        assertThat(zip).containsKeys("README.txt", "profile.json", "contacts.json", "index.html",
                "chats/" + bob.username() + ".json", "chats/" + bob.username() + ".html");
        JsonNode chat = ApiClient.JSON.readTree(zip.get("chats/" + bob.username() + ".json"));
        assertThat(chat.path("messages")).hasSize(2);
        assertThat(chat.path("messages").get(0).path("text").asText()).isEqualTo("hello <b>Bob</b>");
        String file = chat.path("messages").get(1).path("attachments").get(0).path("file").asText();
        assertThat(new String(zip.get(file), StandardCharsets.UTF_8)).isEqualTo("the notes");
        assertThat(new String(zip.get("chats/" + bob.username() + ".html"), StandardCharsets.UTF_8))
                .contains("hello &lt;b&gt;Bob&lt;/b&gt;").doesNotContain("Alice deletes this");

        // Never written over: the file stays as it was.
        byte[] first = Files.readAllBytes(out);
        ConfigSourcesTest.Run again = duet("export", alice.username(), "--out", out.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("exists already");
        assertThat(Files.readAllBytes(out)).isEqualTo(first);

        // An unknown user: a clear refusal and no file.
        Path nobody = dir.resolve("nobody.zip");
        ConfigSourcesTest.Run unknown = duet("export", "nobody_here", "--out", nobody.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("There is no user 'nobody_here'").contains("no_such_user");
        assertThat(nobody).doesNotExist();

        ConfigSourcesTest.Run audit = duet("user", "audit", "--last", "5");
        assertThat(audit.out()).contains("user.export").contains(alice.username() + " to " + out.toAbsolutePath())
                .contains("(duet export)");
    }

    @Test
    void works_on_a_stopped_server_s_data_and_names_the_file_after_the_user_and_the_day() throws IOException {
        Session carol = api.newUser("Carol");
        server.server().close(); // stopped; its folder stays until the test ends
        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        Path expected = Path.of("duet-export-" + carol.username() + "-" + day + ".zip"); // in the current folder
        try {
            ConfigSourcesTest.Run r = duet("export", carol.username());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(expected).exists();
            JsonNode profile = ApiClient.JSON.readTree(unzip(expected).get("profile.json"));
            assertThat(profile.path("username").asText()).isEqualTo(carol.username());
            assertThat(profile.path("name").asText()).isEqualTo("Carol");
        } finally {
            Files.deleteIfExists(expected);
        }
    }

    @Test
    void exports_from_postgresql_with_the_files_read_from_the_database() throws IOException {
        try (TestServer pg = TestServer.start(TestServer::onPostgres); ApiClient pgApi = new ApiClient(pg.baseUri())) {
            Session dan = pgApi.newUser("Dan");
            Session eve = pgApi.newUser("Eve");
            pgApi.makeContacts(dan, eve);
            String upload = pgApi.post("/api/uploads?name=p.txt").as(dan).header("Content-Type", "application/octet-stream")
                    .body("kept in PostgreSQL".getBytes(StandardCharsets.UTF_8)).send().expect(201).json().path("upload").path("id").asText();
            pgApi.post("/api/chats/" + eve.id() + "/messages").as(dan)
                    .json(Map.of("text", "from the database", "attachments", java.util.List.of(upload))).send().expect(201);

            Path out = dir.resolve("dan.zip");
            ConfigSourcesTest.Run r = ConfigSourcesTest.run(Map.of(), "export", dan.username(), "--out", out.toString(),
                    "--db=" + pg.server().config().databaseUrl());
            assertThat(r.code()).as(r.err()).isZero();
            Map<String, byte[]> zip = unzip(out);
            JsonNode chat = ApiClient.JSON.readTree(zip.get("chats/" + eve.username() + ".json"));
            assertThat(chat.path("messages").get(0).path("text").asText()).isEqualTo("from the database");
            String file = chat.path("messages").get(0).path("attachments").get(0).path("file").asText();
            assertThat(new String(zip.get(file), StandardCharsets.UTF_8)).isEqualTo("kept in PostgreSQL");
        }
    }
}
