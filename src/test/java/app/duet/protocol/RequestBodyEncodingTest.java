package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §1 and §2.1: bodies are JSON in UTF-8. A body under another media type gets
 * 415 unsupported_media_type on every route, before anything else; a body that is not well-formed
 * UTF-8 (overlong forms, encoded surrogates, invalid bytes) gets 400 bad_request, and nothing is stored.
 */
class RequestBodyEncodingTest extends ProtocolTestBase {

    private static String registration(String username) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    private void assertNoSuchAccount(String username) {
        assertError(api.loginRaw(username, PASSWORD), 401, "invalid_credentials");
    }

    // ------------------------------------------------------------------ 415

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz", "application/jsonp", "application/json-patch+json", "text/json",
            "application/json; boundary=x", "application/octet-stream"})
    void a_registration_under_another_media_type_gets_415_and_creates_no_account(String contentType) {
        String username = uniqueUsername("mt");
        Response r = api.post("/api/register").header("Content-Type", contentType).body(registration(username)).send();
        assertError(r, 415, "unsupported_media_type");
        assertNoSuchAccount(username);
    }

    @Test
    void a_cross_site_text_plain_form_cannot_sign_in() {
        Session s = api.newUser();
        // what <form enctype="text/plain"> sends: name=value, here shaped to be JSON
        String body = "{\"username\":\"" + s.username() + "\",\"password\":\"" + PASSWORD + "\",\"x\":\"=\"}";
        Response r = api.post("/api/login").header("Content-Type", "text/plain").body(body).send();
        assertError(r, 415, "unsupported_media_type");
        assertThat(r.setCookie("duet_session")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", "Application/Json; Charset=UTF-8",
            "application/json;charset=utf-8", "application/json; charset=\"utf-8\"",
            "application/json; charset=iso-8859-1"})
    void json_with_or_without_a_charset_in_any_case_is_accepted_and_read_as_utf8(String contentType) {
        String username = uniqueUsername("ok");
        Response r = api.post("/api/register").header("Content-Type", contentType).body(registration(username)).send();
        assertThat(r.status()).as("%s: %s", contentType, r).isEqualTo(201);
    }

    @Test
    void every_route_refuses_a_body_of_another_media_type_before_authentication() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        String[][] routes = {
                {"POST", "/api/login"}, {"POST", "/api/logout"}, {"POST", "/api/contacts"},
                {"POST", "/api/chats/" + bob.id() + "/messages"}, {"POST", "/api/chats/" + bob.id() + "/read"},
                {"PUT", "/api/chats/" + bob.id()}, {"DELETE", "/api/contacts/" + bob.id()},
                {"PATCH", "/api/me"}, {"PUT", "/api/me/password"}, {"GET", "/api/me"}, {"POST", "/api/no/such/route"}};
        for (String[] route : routes) {
            // bearer, cookie or nothing: the media type is refused first
            Response r = api.request(route[0], route[1]).as(alice).header("Content-Type", "text/plain")
                    .body("{\"text\":\"x\",\"userId\":" + bob.id() + ",\"upTo\":1}").send();
            assertThat(r.status()).as("%s %s: %s", route[0], route[1], r).isEqualTo(415);
            assertThat(r.errorCode()).isEqualTo("unsupported_media_type");
            r = api.request(route[0], route[1]).header("Content-Type", "text/plain").body("{}").send();
            assertThat(r.status()).as("%s %s without credentials: %s", route[0], route[1], r).isEqualTo(415);
        }
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.contacts(alice)).hasSize(1);
        assertThat(api.me(alice).path("id").asLong()).isEqualTo(alice.id());
    }

    @Test
    void a_body_without_any_content_type_gets_415() {
        String username = uniqueUsername("noct");
        byte[] body = registration(username).getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/register HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        assertError(RawHttp.send(server.port(), head.getBytes(StandardCharsets.US_ASCII), body), 415, "unsupported_media_type");
        assertNoSuchAccount(username);
    }

    @Test
    void a_chunked_body_of_another_media_type_gets_415() {
        String username = uniqueUsername("chunk");
        Response r = api.post("/api/register").header("Content-Type", "text/plain")
                .chunkedBody(registration(username).getBytes(StandardCharsets.UTF_8)).send();
        assertError(r, 415, "unsupported_media_type");
        assertNoSuchAccount(username);
    }

    @Test
    void a_refusal_before_the_body_has_arrived_reads_the_rest_and_keeps_the_connection() throws Exception {
        // the 415 comes before the body is read, here while half of it is still on its way. A
        // server that closed the connection then, with the rest of the body unread, would reset
        // it under a client still sending, which may lose the answer (a "broken pipe", or "no
        // bytes" on a reused connection). A body of a bounded size is read and dropped instead.
        try (Socket s = RawHttp.connect(server.port(), Duration.ofSeconds(10))) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST /api/register HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 10\r\n\r\n{\"a\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write("\"bc\"}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 415");
            assertThat(first.toLowerCase(Locale.ROOT)).doesNotContain("\r\nconnection: close\r\n");
            out.write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    /** One HTTP/1.1 response with a Content-Length, head and body, from {@code in}. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) return head.toString();
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void a_request_without_a_body_needs_no_content_type() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertThat(api.put("/api/chats/" + bob.id()).as(alice).header("Content-Type", "text/plain").send().status())
                .isEqualTo(201);
        assertThat(api.post("/api/logout").as(alice).send().status()).isEqualTo(204);
    }

    // ------------------------------------------------------------------ strict UTF-8

    /** {@code {"username": U, "password": P, "name": "a" + bad + "b"}} as bytes. */
    private static byte[] registrationNamed(String username, byte[] bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"a")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "c0bc",        // overlong '<'
            "c0af",        // overlong '/'
            "e080bc",      // overlong '<', three bytes
            "f08080bc",    // overlong '<', four bytes
            "eda080",      // U+D800, a high surrogate, encoded
            "edbfbf",      // U+DFFF, a low surrogate, encoded
            "eda0bdedb880", // a surrogate pair encoded separately (CESU-8)
            "f4908080",    // above U+10FFFF
            "ff", "fe", "80", "bf", // never valid / a stray continuation byte
            "e282",        // truncated
            "c3"           // truncated before the closing quote
    })
    void a_body_that_is_not_well_formed_utf8_gets_400_bad_request_and_creates_nothing(String hex) {
        String username = uniqueUsername("utf");
        Response r = api.post("/api/register").body(registrationNamed(username, HexFormat.of().parseHex(hex))).send();
        assertError(r, 400, "bad_request");
        assertNoSuchAccount(username);
    }

    @Test
    void an_overlong_message_text_is_refused_and_nothing_is_stored() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"text\":\"".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(HexFormat.of().parseHex("c0bc"));
        body.writeBytes("script>\"}".getBytes(StandardCharsets.UTF_8));
        assertError(api.post("/api/chats/" + bob.id() + "/messages").as(alice).body(body.toByteArray()).send(),
                400, "bad_request");
        assertThat(api.chats(alice)).isEmpty();
        assertThat(api.chats(bob)).isEmpty();
    }

    @Test
    void well_formed_multibyte_utf8_is_accepted_as_sent() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        String text = "héllo 你好 😀 end";
        Response r = api.post("/api/chats/" + bob.id() + "/messages").as(alice)
                .body(("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().path("message").path("text").asText()).isEqualTo(text);
    }
}
