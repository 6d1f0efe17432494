package app.duet.protocol;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.Pictures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Extension: {@code GET /api/account/export}, a user's own data as a ZIP. Two users chat (a reply,
 * a recall, a message deleted for one of them, a picture and a file, a {@code <script>}, Chinese and
 * Arabic); each one's export holds exactly their own copy, as JSON and as escaped HTML with the
 * files, and nothing secret. Only for the signed-in user, one at a time, a few an hour.
 */
class DataExportTest extends ProtocolTestBase {
    static final String SCRIPT = "look <script>alert(1)</script> & \"quotes\"";
    static final String CHINESE = "我们今天晚饭吃什么？";
    static final String ARABIC = "مرحبا بالعالم";

    record Zip(Response response, Map<String, byte[]> entries) {
        String text(String name) {
            assertThat(entries).as("entries").containsKey(name);
            return new String(entries.get(name), StandardCharsets.UTF_8);
        }

        JsonNode json(String name) {
            try {
                return ApiClient.JSON.readTree(text(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String everything() {
            StringBuilder b = new StringBuilder();
            entries.forEach((k, v) -> { if (!k.startsWith("files/")) b.append(new String(v, StandardCharsets.UTF_8)); });
            return b.toString();
        }
    }

    Zip export(Session s) {
        Response r = api.get("/api/account/export").as(s).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                assertThat(entries.put(e.getName(), zip.readAllBytes())).as("entry %s once", e.getName()).isNull();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Zip(r, entries);
    }

    JsonNode upload(Session s, String name, byte[] bytes) {
        return api.post("/api/uploads?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)).as(s)
                .header("Content-Type", "application/octet-stream").body(bytes).send().expect(201).json().path("upload");
    }

    JsonNode sendWith(Session from, long to, String text, Long replyTo, String... uploadIds) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("text", text);
        if (replyTo != null) body.put("replyTo", replyTo);
        if (uploadIds.length > 0) {
            var list = body.putArray("attachments");
            for (String id : uploadIds) list.add(id);
        }
        return api.post("/api/chats/" + to + "/messages").as(from).json(body).send().expect(201).json().path("message");
    }

    static List<Long> seqsOf(JsonNode chat) {
        List<Long> out = new ArrayList<>();
        chat.path("messages").forEach(m -> out.add(m.path("seq").asLong()));
        return out;
    }

    static JsonNode bySeq(JsonNode chat, long seq) {
        for (JsonNode m : chat.path("messages")) if (m.path("seq").asLong() == seq) return m;
        throw new AssertionError("no message " + seq + " in " + chat);
    }

    @Test
    @Timeout(90)
    void each_user_gets_exactly_their_own_copy_as_json_and_escaped_html_with_the_files_and_nothing_secret() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Session carol = api.newUser("Carol 卡罗尔");
        api.makeContacts(alice, carol);

        long script = api.send(alice, bob.id(), SCRIPT).path("seq").asLong();
        long chinese = api.send(bob, alice.id(), CHINESE).path("seq").asLong();
        long arabic = api.send(alice, bob.id(), ARABIC).path("seq").asLong();
        long reply = sendWith(bob, alice.id(), "a reply", script).path("seq").asLong();
        long recalled = api.send(alice, bob.id(), "oops, wrong chat").path("seq").asLong();
        api.post("/api/chats/" + bob.id() + "/messages/" + recalled + "/recall").as(alice).send().expect(200);
        long hidden = api.send(bob, alice.id(), "only Bob keeps this").path("seq").asLong();
        api.delete("/api/chats/" + bob.id() + "/messages/" + hidden).as(alice).send().expect(204);
        JsonNode picture = upload(alice, "holiday <b>.png", Pictures.png(40, 30));
        JsonNode file = upload(alice, "notes.txt", "some notes\n".getBytes(StandardCharsets.UTF_8));
        long withFiles = sendWith(alice, bob.id(), "our picture", null, picture.path("id").asText(), file.path("id").asText())
                .path("seq").asLong();
        api.request("PATCH", "/api/chats/" + bob.id()).as(alice).json(java.util.Map.of("pinned", true)).send().expect(200);

        // Alice's box with Carol starts over after she deleted it: only what came after is hers.
        api.send(carol, alice.id(), "before the delete");
        api.deleteChat(alice, carol.id()).expect(204);
        for (int i = 1; i <= 450; i++) api.send(carol, alice.id(), "after " + i); // more than two pages of history

        Zip a = export(alice);

        // The response: a streamed attachment that nothing caches.
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(a.response().header("Content-Type").orElseThrow()).startsWith("application/zip");
        assertThat(a.response().header("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"duet-export-" + alice.username() + "-" + today + ".zip\"");
        assertThat(a.response().header("Cache-Control").orElseThrow()).isEqualTo("no-store");

        assertThat(a.entries().keySet()).contains("README.txt", "profile.json", "contacts.json", "index.html",
                "chats/" + bob.username() + ".json", "chats/" + bob.username() + ".html",
                "chats/" + carol.username() + ".json", "chats/" + carol.username() + ".html");

        // profile.json: who, since when; nothing secret anywhere.
        JsonNode profile = a.json("profile.json");
        assertThat(profile.path("username").asText()).isEqualTo(alice.username());
        assertThat(profile.path("name").asText()).isEqualTo(alice.name());
        assertThat(profile.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        String all = a.everything();
        assertThat(all).doesNotContain(alice.token()).doesNotContainPattern("\\$2[aby]?\\$\\d\\d\\$");
        List<String> fields = new ArrayList<>();
        profile.fieldNames().forEachRemaining(fields::add);
        profile.path("sessions").forEach(s -> s.fieldNames().forEachRemaining(fields::add));
        assertThat(fields).allSatisfy(f -> assertThat(f.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("password").doesNotContain("hash").doesNotContain("token"));
        assertThat(profile.path("sessions")).hasSize(1);
        List<String> sessionFields = new ArrayList<>();
        profile.path("sessions").get(0).fieldNames().forEachRemaining(sessionFields::add);
        assertThat(sessionFields).containsExactlyInAnyOrder("client", "createdAt", "lastUsedAt"); // never its id
        for (JsonNode s : api.get("/api/sessions").as(alice).send().expect(200).json()) {
            assertThat(all).doesNotContain(s.path("id").asText());
        }

        // contacts.json
        JsonNode contacts = a.json("contacts.json");
        List<String> names = new ArrayList<>();
        contacts.path("contacts").forEach(c -> names.add(c.path("username").asText()));
        assertThat(names).containsExactlyInAnyOrder(bob.username(), carol.username());
        contacts.path("contacts").forEach(c -> assertThat(c.path("since").asText()).as("since when").matches("\\d{4}-\\d{2}-\\d{2}T.*Z"));
        assertThat(contacts.path("blocked").isArray()).isTrue();

        // chats/bob.json: Alice's copy, in seq order, without what she deleted for herself.
        JsonNode withBob = a.json("chats/" + bob.username() + ".json");
        assertThat(withBob.path("peer").path("username").asText()).isEqualTo(bob.username());
        assertThat(withBob.path("pinned").asBoolean()).isTrue();
        assertThat(seqsOf(withBob)).containsExactly(script, chinese, arabic, reply, recalled, withFiles);
        assertThat(bySeq(withBob, script).path("text").asText()).isEqualTo(SCRIPT);
        assertThat(bySeq(withBob, script).path("from").asText()).isEqualTo(alice.username());
        assertThat(bySeq(withBob, chinese).path("text").asText()).isEqualTo(CHINESE);
        assertThat(bySeq(withBob, chinese).path("from").asText()).isEqualTo(bob.username());
        assertThat(bySeq(withBob, arabic).path("text").asText()).isEqualTo(ARABIC);
        JsonNode replyJson = bySeq(withBob, reply);
        assertThat(replyJson.path("replyTo").path("seq").asLong()).isEqualTo(script);
        assertThat(replyJson.path("replyTo").path("text").asText()).isEqualTo(SCRIPT);
        JsonNode recalledJson = bySeq(withBob, recalled);
        assertThat(recalledJson.path("recalled").asBoolean()).isTrue();
        assertThat(recalledJson.has("text")).isFalse();
        assertThat(recalledJson.path("recalledAt").asText()).isNotEmpty();
        assertThat(all).doesNotContain("oops, wrong chat").doesNotContain("only Bob keeps this");
        JsonNode attachments = bySeq(withBob, withFiles).path("attachments");
        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0).path("name").asText()).isEqualTo("holiday <b>.png");
        assertThat(attachments.get(0).path("kind").asText()).isEqualTo("image");
        assertThat(attachments.get(1).path("name").asText()).isEqualTo("notes.txt");
        for (JsonNode att : attachments) {
            String path = att.path("file").asText();
            assertThat(path).startsWith("files/");
            byte[] served = api.get("/api/files/" + (att.path("file").asText().substring(6, 28))).as(alice).send().expect(200).body();
            assertThat(a.entries().get(path)).as("bytes of %s", path).isEqualTo(served);
        }
        assertThat(a.entries().keySet().stream().filter(k -> k.startsWith("files/"))).hasSize(2);

        // chats/bob.html: readable, escaped, no script, nothing from elsewhere.
        String html = a.text("chats/" + bob.username() + ".html");
        assertThat(html).contains("<meta charset=\"utf-8\">")
                .contains("look &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
                .doesNotContain("<script").doesNotContain("holiday <b>")
                .contains(CHINESE).contains(ARABIC).contains("dir=\"auto\"")
                .contains("<img src=\"../files/" + picture.path("id").asText())
                .contains("href=\"../files/" + file.path("id").asText())
                .contains("recalled this message")
                .doesNotContain("http://").doesNotContain("https://");
        String index = a.text("index.html");
        assertThat(index).contains("href=\"chats/" + bob.username() + ".html\"").contains("href=\"chats/" + carol.username() + ".html\"")
                .contains("Carol 卡罗尔").doesNotContain("<script");
        assertThat(a.text("README.txt")).contains("profile.json").contains("chats/");

        // chats/carol.json: only the copy since the box was made again, all of it, paged through.
        JsonNode withCarol = a.json("chats/" + carol.username() + ".json");
        assertThat(withCarol.path("messages")).hasSize(450);
        assertThat(withCarol.path("messages").get(0).path("text").asText()).isEqualTo("after 1");
        assertThat(withCarol.path("messages").get(449).path("text").asText()).isEqualTo("after 450");
        assertThat(seqsOf(withCarol)).isSorted().doesNotHaveDuplicates();
        assertThat(a.everything()).doesNotContain("before the delete");

        // Bob's export: his copy keeps what Alice deleted for herself; he has no chat with Carol.
        Zip b = export(bob);
        JsonNode withAlice = b.json("chats/" + alice.username() + ".json");
        assertThat(seqsOf(withAlice)).containsExactly(script, chinese, arabic, reply, recalled, hidden, withFiles);
        assertThat(bySeq(withAlice, hidden).path("text").asText()).isEqualTo("only Bob keeps this");
        assertThat(bySeq(withAlice, recalled).has("text")).isFalse();
        assertThat(withAlice.path("pinned").asBoolean()).isFalse();
        assertThat(b.entries()).doesNotContainKey("chats/" + carol.username() + ".json");
        assertThat(b.json("profile.json").path("username").asText()).isEqualTo(bob.username());
        assertThat(b.everything()).doesNotContain(bob.token()).doesNotContain(alice.token());
        assertThat(b.entries().keySet().stream().filter(k -> k.startsWith("files/"))).hasSize(2);
    }

    @Test
    void only_a_signed_in_user_exports_and_only_their_own() {
        assertError(api.get("/api/account/export").send(), 401, "unauthorized");
        assertError(api.get("/api/account/export").bearer("not-a-session").send(), 401, "unauthorized");
    }

    @Test
    void a_few_exports_an_hour_then_429_with_when_to_try_again() {
        Session s = api.newUser();
        for (int i = 0; i < 3; i++) export(s);
        Response refused = api.get("/api/account/export").as(s).send();
        assertError(refused, 429, "rate_limited");
        assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isPositive();
        export(api.newUser()); // another user's budget is their own
    }

    @Test
    @Timeout(120)
    void a_second_export_while_one_runs_is_refused_with_429_until_the_first_ends() throws Exception {
        Pair pair = twoContacts();
        // 20 MiB that do not compress: more than the sockets' buffers hold, so a reader that stops stalls the export
        byte[] big = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(big);
        big[0] = 0;
        JsonNode up = upload(pair.alice(), "big.bin", big);
        sendWith(pair.alice(), pair.bob().id(), "", null, up.path("id").asText());

        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(16 * 1024);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/account/export HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nAuthorization: Bearer "
                    + pair.alice().token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = slow.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            // ...and reads no more: the export waits for it.

            Response second = api.get("/api/account/export").as(pair.alice()).send();
            assertError(second, 429, "too_many_requests");
            assertThat(Long.parseLong(second.header("Retry-After").orElseThrow())).isPositive();
            assertThat(second.json().path("error").path("retryAfter").asLong()).isPositive();
            // another user is not held up
            export(pair.bob());
        }
        // The stalled reader went away: Alice may export again (refusals while it ends cost her nothing).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Response r = api.get("/api/account/export").as(pair.alice()).send();
            if (r.status() == 429) {
                assertThat(r.errorCode()).isEqualTo("too_many_requests");
                return false;
            }
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().length).isGreaterThan(big.length);
            return true;
        });
    }
}
