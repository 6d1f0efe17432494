package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.Pictures;
import app.duet.testing.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Extension: pictures and files (README, "The API"). Uploads, sends that name them, who may fetch
 * them and with which headers, the limits, and the sweeping of what was never sent.
 */
class FilesTest extends ProtocolTestBase {
    static final int MAX_FILE = 256 * 1024;

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.maxFileBytes(MAX_FILE).maxMessageFileBytes(400 * 1024).maxFilesPerMessage(3)
                .maxPendingUploads(5).maxPendingUploadBytes(2L * 1024 * 1024)
                .uploadExpiry(Duration.ofSeconds(6)).maxImagePixels(1_000_000);
    }

    /** Whether the blobs are files in the data folder (SQLite), so a test can look at them. */
    protected boolean blobsOnDisk() {
        return true;
    }

    // ------------------------------------------------------------------ helpers

    Response uploadRaw(Session s, String name, byte[] bytes, String contentType) {
        ApiClient.Request r = api.post("/api/uploads" + (name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .as(s).body(bytes);
        if (contentType != null) r.header("Content-Type", contentType);
        return r.send();
    }

    JsonNode upload(Session s, String name, byte[] bytes) {
        Response r = uploadRaw(s, name, bytes, "application/octet-stream");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("upload");
    }

    Response sendWith(Session from, long to, String text, String clientId, String... uploadIds) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        if (text != null) body.put("text", text);
        if (clientId != null) body.put("clientId", clientId);
        var list = body.putArray("attachments");
        for (String id : uploadIds) list.add(id);
        return api.post("/api/chats/" + to + "/messages").as(from).json(body).send();
    }

    Response fetch(Session s, String id) {
        return api.get("/api/files/" + id).as(s).send();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        b[0] = 0x00; // not a magic number of anything
        return b;
    }

    static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    List<Path> blobFiles() throws IOException {
        Path root = server.dataDir().resolve("files");
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void a_caption_found_by_search_comes_with_its_picture_in_both_searches() throws IOException {
        Pair pair = twoContacts();
        JsonNode up = upload(pair.alice(), "harbour.png", Pictures.png(32, 24));
        assertThat(sendWith(pair.alice(), pair.bob().id(), "sunset over the harbour", null, up.path("id").asText()).status()).isEqualTo(201);
        api.send(pair.alice(), pair.bob().id(), "the harbour again, no picture");

        JsonNode all = api.get("/api/search?q=harbour").as(pair.bob()).send().expect(200).json();
        assertThat(all.path("hits")).hasSize(2);
        assertThat(all.path("hits").get(0).path("message").has("attachments")).isFalse();
        assertThat(all.path("hits").get(1).path("message").path("attachments")).containsExactly(up);
        JsonNode inChat = api.get("/api/chats/" + pair.alice().id() + "/search?q=harbour").as(pair.bob()).send().expect(200).json();
        assertThat(inChat.path("messages").get(1).path("attachments")).containsExactly(up);
        JsonNode shortQuery = api.get("/api/chats/" + pair.alice().id() + "/search?q=ha").as(pair.bob()).send().expect(200).json();
        assertThat(shortQuery.path("messages").get(1).path("attachments")).as("the scan of a short query too").containsExactly(up);
    }

    @Test
    void a_picture_is_uploaded_sent_and_fetched_by_both_with_a_thumbnail() throws IOException {
        Pair pair = twoContacts();
        JsonNode up = upload(pair.alice(), "holiday.png", Pictures.png(640, 480));
        assertThat(up.path("id").asText()).matches("[A-Za-z0-9_-]{22}");
        assertThat(up.path("kind").asText()).isEqualTo("image");
        assertThat(up.path("type").asText()).isEqualTo("image/png");
        assertThat(up.path("name").asText()).isEqualTo("holiday.png");
        assertThat(up.path("width").asInt()).isEqualTo(640);
        assertThat(up.path("height").asInt()).isEqualTo(480);

        Response sent = sendWith(pair.alice(), pair.bob().id(), "look", "pic-1", up.path("id").asText());
        assertThat(sent.status()).as("%s", sent).isEqualTo(201);
        JsonNode message = sent.json().path("message");
        assertThat(message.path("text").asText()).isEqualTo("look");
        assertThat(message.path("attachments")).hasSize(1);
        assertThat(message.path("attachments").get(0)).isEqualTo(up);
        // in both copies of the history, and in the chat list's last message
        assertThat(api.history(pair.bob(), pair.alice().id()).path("messages").get(0).path("attachments").get(0)).isEqualTo(up);
        assertThat(api.chatWith(pair.bob(), pair.alice().id()).path("lastMessage").path("attachments").get(0)).isEqualTo(up);

        for (Session s : List.of(pair.alice(), pair.bob())) {
            Response file = fetch(s, up.path("id").asText()).expect(200);
            assertThat(file.header("Content-Type")).contains("image/png");
            assertThat(file.header("Content-Disposition").orElseThrow()).startsWith("inline");
            assertThat(decode(file.body()).getWidth()).isEqualTo(640);
            Response thumb = api.get("/api/files/" + up.path("id").asText() + "/thumbnail").as(s).send().expect(200);
            assertThat(thumb.header("Content-Type")).contains("image/jpeg");
            BufferedImage t = decode(thumb.body());
            assertThat(Math.max(t.getWidth(), t.getHeight())).isEqualTo(320);
        }
    }

    @Test
    void file_responses_carry_nosniff_a_sandboxing_csp_and_attachment_for_anything_but_pictures() {
        Pair pair = twoContacts();
        JsonNode pdf = upload(pair.alice(), "report.pdf", "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        JsonNode pic = upload(pair.alice(), "p.png", Pictures.png(20, 20));
        sendWith(pair.alice(), pair.bob().id(), "", null, pdf.path("id").asText(), pic.path("id").asText()).expect(201);
        Response file = fetch(pair.bob(), pdf.path("id").asText()).expect(200);
        assertThat(pdf.path("type").asText()).isEqualTo("application/pdf");
        assertThat(pdf.path("kind").asText()).isEqualTo("file");
        assertThat(file.header("Content-Type")).contains("application/pdf");
        assertThat(file.header("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("report.pdf");
        for (Response r : List.of(file, fetch(pair.bob(), pic.path("id").asText()).expect(200))) {
            assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.header("Content-Security-Policy").orElseThrow()).startsWith("sandbox").contains("default-src 'none'");
        }
        // a file has no thumbnail
        assertError(api.get("/api/files/" + pdf.path("id").asText() + "/thumbnail").as(pair.bob()).send(), 404, "no_such_file");
    }

    @Test
    void the_type_comes_from_the_bytes_not_the_name_or_the_declared_type_and_the_name_is_sanitised() {
        Pair pair = twoContacts();
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        Response r = uploadRaw(pair.alice(), "../../etc/cat\u0000\u202Egpj.html.jpg", html, "image/jpeg");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode up = r.json().path("upload");
        assertThat(up.path("type").asText()).isEqualTo("text/plain; charset=utf-8");
        assertThat(up.path("kind").asText()).isEqualTo("file");
        assertThat(up.path("name").asText()).isEqualTo("catgpj.html.jpg");
        JsonNode bin = upload(pair.alice(), "photo.jpg", randomBytes(1000, 1));
        assertThat(bin.path("type").asText()).isEqualTo("application/octet-stream");
        assertThat(bin.path("kind").asText()).isEqualTo("file");
        JsonNode zip = upload(pair.alice(), "a.png", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThat(zip.path("type").asText()).isEqualTo("application/zip");

        sendWith(pair.alice(), pair.bob().id(), null, null, up.path("id").asText()).expect(201);
        Response file = fetch(pair.bob(), up.path("id").asText()).expect(200);
        assertThat(file.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(file.header("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(file.body()).isEqualTo(html);
    }

    @Test
    void a_long_name_is_cut_keeping_its_extension_and_no_name_becomes_file() {
        Pair pair = twoContacts();
        JsonNode up = upload(pair.alice(), "x".repeat(300) + ".pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII));
        assertThat(up.path("name").asText()).hasSize(120).endsWith(".pdf");
        Response r = api.post("/api/uploads").as(pair.alice()).header("Content-Type", "application/octet-stream")
                .header("X-File-Name", URLEncoder.encode("报告 (1).txt", StandardCharsets.UTF_8)).body("hello").send().expect(201);
        assertThat(r.json().path("upload").path("name").asText()).isEqualTo("报告 (1).txt");
        JsonNode none = upload(pair.alice(), null, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(none.path("name").asText()).isEqualTo("file");
    }

    @Test
    void exif_with_a_gps_position_is_stripped_from_a_jpeg() throws IOException {
        Pair pair = twoContacts();
        byte[] original = Pictures.jpegWithGps(300, 200);
        assertThat(Pictures.hasApp1(original)).isTrue();
        assertThat(Pictures.contains(original, Pictures.EXIF_MARK.getBytes(StandardCharsets.US_ASCII))).isTrue();
        JsonNode up = upload(pair.alice(), "gps.jpg", original);
        assertThat(up.path("type").asText()).isEqualTo("image/jpeg");
        assertThat(up.path("kind").asText()).isEqualTo("image");
        sendWith(pair.alice(), pair.bob().id(), null, null, up.path("id").asText()).expect(201);
        for (String path : List.of("/api/files/" + up.path("id").asText(), "/api/files/" + up.path("id").asText() + "/thumbnail")) {
            byte[] served = api.get(path).as(pair.bob()).send().expect(200).body();
            assertThat(Pictures.hasApp1(served)).as("APP1 (EXIF) in %s", path).isFalse();
            assertThat(Pictures.contains(served, "Exif".getBytes(StandardCharsets.US_ASCII))).isFalse();
            assertThat(Pictures.contains(served, Pictures.EXIF_MARK.getBytes(StandardCharsets.US_ASCII))).isFalse();
            assertThat(decode(served)).isNotNull();
        }
        assertThat(decode(fetch(pair.bob(), up.path("id").asText()).body()).getWidth()).isEqualTo(300);
    }

    @Test
    void a_photo_whose_exif_says_turn_it_is_served_upright_without_the_exif() throws IOException {
        Pair pair = twoContacts();
        JsonNode up = upload(pair.alice(), "phone.jpg", Pictures.jpegWithOrientation(300, 200, 6));
        assertThat(up.path("width").asInt()).isEqualTo(200);
        assertThat(up.path("height").asInt()).isEqualTo(300);
        byte[] served = fetch(pair.alice(), up.path("id").asText()).expect(200).body();
        assertThat(Pictures.hasApp1(served)).isFalse();
        BufferedImage img = decode(served);
        assertThat(img.getWidth()).isEqualTo(200);
        assertThat(img.getHeight()).isEqualTo(300);
    }

    @Test
    void an_oversized_file_gets_413_too_large_and_leaves_nothing() throws IOException {
        Pair pair = twoContacts();
        // the sweeper may remove other tests' unsent files meanwhile: none may appear, that is all
        List<Path> before = blobsOnDisk() ? blobFiles() : List.of();
        assertError(uploadRaw(pair.alice(), "big.bin", randomBytes(MAX_FILE + 1, 2), "application/octet-stream"), 413, "too_large");
        // without a Content-Length too: counted as it streams
        Response chunked = api.post("/api/uploads?name=big.bin").as(pair.alice()).header("Content-Type", "application/octet-stream")
                .chunkedBody(randomBytes(MAX_FILE + 10, 3)).send();
        assertError(chunked, 413, "too_large");
        // a picture too (pictures are read whole before they are decoded)
        byte[] bigPicture = Pictures.jpeg(16, 16);
        byte[] padded = java.util.Arrays.copyOf(bigPicture, MAX_FILE + 100);
        assertError(uploadRaw(pair.alice(), "big.jpg", padded, null), 413, "too_large");
        if (blobsOnDisk()) assertThat(blobFiles()).isSubsetOf(before);
        // exactly the limit is fine
        upload(pair.alice(), "max.bin", randomBytes(MAX_FILE, 4));
    }

    @Test
    void a_picture_over_the_pixel_bound_is_refused_before_decoding() {
        Pair pair = twoContacts();
        assertError(uploadRaw(pair.alice(), "huge.png", Pictures.png(1200, 1000), null), 400, "image_too_large");
    }

    @Test
    void a_third_user_cannot_fetch_a_file_nor_anyone_a_pending_upload_of_another() {
        Pair pair = twoContacts();
        Session carol = api.newUser();
        api.makeContacts(carol, pair.alice());
        JsonNode up = upload(pair.alice(), "a.txt", "secret".getBytes(StandardCharsets.UTF_8));
        // pending: only its owner reads it
        fetch(pair.alice(), up.path("id").asText()).expect(200);
        assertError(fetch(pair.bob(), up.path("id").asText()), 404, "no_such_file");
        sendWith(pair.alice(), pair.bob().id(), "here", null, up.path("id").asText()).expect(201);
        fetch(pair.bob(), up.path("id").asText()).expect(200);
        assertError(fetch(carol, up.path("id").asText()), 404, "no_such_file");
        assertError(fetch(carol, "AAAAAAAAAAAAAAAAAAAAAA"), 404, "no_such_file");
        assertError(fetch(carol, "not-an-id"), 404, "no_such_file");
        assertError(api.get("/api/files/" + up.path("id").asText()).send(), 401, "unauthorized");
    }

    @Test
    void recalling_a_message_erases_its_files_for_both_and_its_history_entry_shows_none() throws IOException {
        Pair pair = twoContacts();
        String id = upload(pair.alice(), "a.png", Pictures.png(40, 30)).path("id").asText();
        long seq = sendWith(pair.alice(), pair.bob().id(), "look", null, id).expect(201).json().path("message").path("seq").asLong();
        fetch(pair.bob(), id).expect(200);

        JsonNode recalled = api.post("/api/chats/" + pair.bob().id() + "/messages/" + seq + "/recall").as(pair.alice()).send()
                .expect(200).json().path("message");
        assertThat(recalled.has("attachments")).isFalse();
        for (Session s : List.of(pair.alice(), pair.bob())) {
            assertError(fetch(s, id), 404, "no_such_file");
            assertError(api.get("/api/files/" + id + "/thumbnail").as(s).send(), 404, "no_such_file");
            JsonNode entry = api.history(s, s == pair.alice() ? pair.bob().id() : pair.alice().id()).path("messages").get(0);
            assertThat(entry.path("text").asText()).isEmpty();
            assertThat(entry.has("attachments")).as("%s", entry).isFalse();
        }
        if (blobsOnDisk()) assertThat(blobFiles().stream().map(p -> p.getFileName().toString())).doesNotContain(id, id + "-t");
    }

    @Test
    void after_deleting_their_box_the_fetcher_gets_404_and_when_no_copy_holds_it_the_file_is_erased() throws IOException {
        Pair pair = twoContacts();
        JsonNode up = upload(pair.alice(), "a.png", Pictures.png(40, 30));
        String id = up.path("id").asText();
        sendWith(pair.alice(), pair.bob().id(), null, null, id).expect(201);
        api.deleteChat(pair.bob(), pair.alice().id()).expect(204);
        assertError(fetch(pair.bob(), id), 404, "no_such_file");
        // a new box, started after the message, does not hold it either
        api.send(pair.alice(), pair.bob().id(), "again");
        assertError(fetch(pair.bob(), id), 404, "no_such_file");
        fetch(pair.alice(), id).expect(200);
        if (blobsOnDisk()) assertThat(blobFiles().stream().map(p -> p.getFileName().toString())).contains(id, id + "-t");
        api.deleteChat(pair.alice(), pair.bob().id()).expect(204);
        assertError(fetch(pair.alice(), id), 404, "no_such_file");
        if (blobsOnDisk()) {
            assertThat(blobFiles().stream().map(p -> p.getFileName().toString())).doesNotContain(id, id + "-t");
        }
    }

    Response copy(Session s, String fileId) {
        return api.post("/api/files/" + fileId + "/copy").as(s).send();
    }

    @Test
    void forwarding_copies_a_picture_into_a_new_upload_that_outlives_the_original() throws IOException {
        Pair pair = twoContacts();
        Session carol = api.newUser();
        api.makeContacts(carol, pair.bob());
        JsonNode up = upload(pair.alice(), "sunset.png", Pictures.png(200, 100));
        String original = up.path("id").asText();
        long seq = sendWith(pair.alice(), pair.bob().id(), "look", null, original).expect(201).json().path("message").path("seq").asLong();

        // Bob forwards it to Carol: a copy becomes an upload of his, named by his send as any upload is.
        JsonNode copied = copy(pair.bob(), original).expect(201).json().path("upload");
        String copyId = copied.path("id").asText();
        assertThat(copyId).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(original);
        assertThat(copied.path("name").asText()).isEqualTo("sunset.png");
        assertThat(copied.path("kind").asText()).isEqualTo("image");
        assertThat(copied.path("size").asLong()).isEqualTo(up.path("size").asLong());
        assertThat(copied.path("width").asInt()).isEqualTo(200);
        JsonNode forwarded = sendWith(pair.bob(), carol.id(), "from Alice", "fwd-1", copyId).expect(201).json().path("message");
        assertThat(forwarded.path("attachments").get(0)).isEqualTo(copied);
        assertThat(fetch(carol, copyId).expect(200).body()).isEqualTo(fetch(pair.alice(), original).expect(200).body());
        api.get("/api/files/" + copyId + "/thumbnail").as(carol).send().expect(200);
        // Carol reads the copy, never the original.
        assertError(fetch(carol, original), 404, "no_such_file");

        // The original recalled: its files are erased, the forwarded copy stays.
        api.post("/api/chats/" + pair.bob().id() + "/messages/" + seq + "/recall").as(pair.alice()).send().expect(200);
        assertError(fetch(pair.bob(), original), 404, "no_such_file");
        assertThat(decode(fetch(carol, copyId).expect(200).body()).getWidth()).isEqualTo(200);
        if (blobsOnDisk()) {
            assertThat(blobFiles().stream().map(p -> p.getFileName().toString())).contains(copyId, copyId + "-t").doesNotContain(original);
        }
    }

    @Test
    void only_a_file_in_the_callers_own_copy_can_be_copied() {
        Pair pair = twoContacts();
        Session carol = api.newUser();
        String id = upload(pair.alice(), "notes.txt", "for Bob only".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        // pending: only its owner may copy it (nobody else can read it)
        assertError(copy(pair.bob(), id), 404, "no_such_file");
        long seq = sendWith(pair.alice(), pair.bob().id(), null, null, id).expect(201).json().path("message").path("seq").asLong();
        assertError(copy(carol, id), 404, "no_such_file");
        assertError(copy(carol, "AAAAAAAAAAAAAAAAAAAAAA"), 404, "no_such_file");
        assertError(copy(carol, "not-an-id"), 404, "no_such_file");
        assertError(api.post("/api/files/" + id + "/copy").send(), 401, "unauthorized");
        // deleted for me: no longer in Bob's copy, so not his to forward
        api.delete("/api/chats/" + pair.alice().id() + "/messages/" + seq).as(pair.bob()).send().expect(204);
        assertError(copy(pair.bob(), id), 404, "no_such_file");
        copy(pair.alice(), id).expect(201);
    }

    @Test
    void copies_count_as_uploads_against_the_pending_limit() {
        Pair pair = twoContacts();
        String id = upload(pair.alice(), "a.txt", "x".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        sendWith(pair.alice(), pair.bob().id(), null, null, id).expect(201);
        for (int i = 0; i < 5; i++) copy(pair.bob(), id).expect(201);   // the configured 5 pending uploads
        assertError(copy(pair.bob(), id), 429, "too_many_uploads");
    }

    @Test
    void a_send_naming_someone_elses_upload_is_refused_and_stores_nothing() {
        Pair pair = twoContacts();
        JsonNode bobs = upload(pair.bob(), "b.txt", "bob's".getBytes(StandardCharsets.UTF_8));
        assertError(sendWith(pair.alice(), pair.bob().id(), "mine?", null, bobs.path("id").asText()), 400, "no_such_upload");
        assertError(sendWith(pair.alice(), pair.bob().id(), "x", null, "AAAAAAAAAAAAAAAAAAAAAA"), 400, "no_such_upload");
        assertError(sendWith(pair.alice(), pair.bob().id(), "x", null, "nope"), 400, "bad_request");
        assertThat(api.chatWith(pair.bob(), pair.alice().id())).isNull();
        // the upload is still Bob's, pending
        fetch(pair.bob(), bobs.path("id").asText()).expect(200);
    }

    @Test
    void an_upload_goes_into_one_message_only_and_a_resend_with_the_same_client_id_returns_the_first() {
        Pair pair = twoContacts();
        String id = upload(pair.alice(), "a.txt", "once".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        JsonNode first = sendWith(pair.alice(), pair.bob().id(), "one", "same-1", id).expect(201).json().path("message");
        // the connection dropped before the ack: the client uploads again and resends with the same clientId
        String again = upload(pair.alice(), "a.txt", "once".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        JsonNode resent = sendWith(pair.alice(), pair.bob().id(), "one", "same-1", again).expect(200).json().path("message");
        assertThat(resent).isEqualTo(first);
        assertThat(resent.path("attachments").get(0).path("id").asText()).isEqualTo(id);
        // another message cannot take the first upload
        assertError(sendWith(pair.alice(), pair.bob().id(), "two", "other-2", id), 400, "no_such_upload");
        assertThat(api.fullHistory(pair.bob(), pair.alice().id())).hasSize(1);
    }

    @Test
    void a_caption_may_be_empty_with_attachments_but_a_plain_message_still_may_not() {
        Pair pair = twoContacts();
        String id = upload(pair.alice(), "a.txt", "x".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        JsonNode m = sendWith(pair.alice(), pair.bob().id(), null, null, id).expect(201).json().path("message");
        assertThat(m.path("text").asText()).isEmpty();
        assertError(sendWith(pair.alice(), pair.bob().id(), " ", null), 400, "empty_message");
        assertError(api.sendRaw(pair.alice(), pair.bob().id(), "", null), 400, "empty_message");
        String id2 = upload(pair.alice(), "b.txt", "y".getBytes(StandardCharsets.UTF_8)).path("id").asText();
        assertError(sendWith(pair.alice(), pair.bob().id(), "x".repeat(4001), null, id2), 400, "message_too_long");
    }

    @Test
    void limits_per_message_by_count_and_bytes_and_per_user_for_pending_uploads() {
        Pair pair = twoContacts();
        Session alice = pair.alice();
        String[] ids = new String[5];
        for (int i = 0; i < 4; i++) ids[i] = upload(alice, "f" + i, randomBytes(150 * 1024, 10 + i)).path("id").asText();
        assertError(sendWith(alice, pair.bob().id(), "x", null, ids[0], ids[1], ids[2], ids[3]), 400, "too_many_attachments");
        assertError(sendWith(alice, pair.bob().id(), "x", null, ids[0], ids[1], ids[2]), 413, "attachments_too_large");
        assertError(sendWith(alice, pair.bob().id(), "x", null, ids[0], ids[0]), 400, "bad_request");
        ids[4] = upload(alice, "f4", randomBytes(10, 20)).path("id").asText();
        assertError(uploadRaw(alice, "f5", randomBytes(10, 21), null), 429, "too_many_uploads");
        // sending some frees room
        sendWith(alice, pair.bob().id(), "x", null, ids[0], ids[1]).expect(201);
        upload(alice, "f5", randomBytes(10, 21));
    }

    @Test
    void the_limits_say_what_this_server_accepts_and_only_to_the_signed_in() {
        Session alice = api.newUser();
        JsonNode limits = api.get("/api/limits").as(alice).send().expect(200).json();
        assertThat(limits.path("fileBytes").asLong()).isEqualTo(MAX_FILE);
        assertThat(limits.path("messageFileBytes").asLong()).isEqualTo(400 * 1024);
        assertThat(limits.path("filesPerMessage").asInt()).isEqualTo(3);
        assertThat(limits.path("messageChars").asInt()).isEqualTo(4000);
        assertError(api.get("/api/limits").send(), 401, "unauthorized");
    }

    @Test
    void an_upload_never_sent_is_swept_after_the_expiry() throws Exception {
        Pair pair = twoContacts();
        String id = upload(pair.alice(), "a.png", Pictures.png(50, 50)).path("id").asText();
        fetch(pair.alice(), id).expect(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (fetch(pair.alice(), id).status() == 200 && System.nanoTime() < deadline) Thread.sleep(200);
        assertError(fetch(pair.alice(), id), 404, "no_such_file");
        assertError(sendWith(pair.alice(), pair.bob().id(), "late", null, id), 400, "no_such_upload");
        if (blobsOnDisk()) assertThat(blobFiles().stream().map(p -> p.getFileName().toString())).doesNotContain(id, id + "-t");
    }

    @Test
    void a_websocket_send_names_uploads_and_both_sides_get_the_attachments() {
        Pair pair = twoContacts();
        WsClient aliceWs = ws(pair.alice());
        WsClient bobWs = ws(pair.bob());
        JsonNode up = upload(pair.alice(), "p.png", Pictures.png(64, 48));
        ObjectNode frame = ApiClient.JSON.createObjectNode().put("type", "send").put("to", pair.bob().id()).put("clientId", "ws-pic-1");
        frame.putArray("attachments").add(up.path("id").asText());
        aliceWs.sendJson(frame);
        JsonNode ack = aliceWs.await("ack", j -> "ws-pic-1".equals(j.path("clientId").asText()));
        assertThat(ack.path("message").path("attachments").get(0)).isEqualTo(up);
        assertThat(ack.path("message").path("text").asText()).isEmpty();
        JsonNode event = bobWs.await("message", j -> "ws-pic-1".equals(j.path("message").path("clientId").asText()));
        assertThat(event.path("message").path("attachments").get(0)).isEqualTo(up);
        // refusals come back as error frames with the send's clientId
        ObjectNode bad = ApiClient.JSON.createObjectNode().put("type", "send").put("to", pair.bob().id()).put("clientId", "ws-pic-2");
        bad.putArray("attachments").add(up.path("id").asText());
        aliceWs.sendJson(bad);
        JsonNode error = aliceWs.await("error", j -> "ws-pic-2".equals(j.path("ref").asText()));
        assertThat(error.path("code").asText()).isEqualTo("no_such_upload");
        ObjectNode wrongType = ApiClient.JSON.createObjectNode().put("type", "send").put("to", pair.bob().id()).put("clientId", "ws-pic-3");
        wrongType.put("attachments", "abc");
        aliceWs.sendJson(wrongType);
        assertThat(aliceWs.await("error", j -> "ws-pic-3".equals(j.path("ref").asText())).path("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void an_upload_needs_no_json_content_type_but_a_cookie_upload_from_another_origin_is_refused() {
        Session alice = api.newUser();
        Response r = api.post("/api/uploads?name=a.txt").as(alice).header("Content-Type", "text/plain").body("hi").send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        Response cross = api.post("/api/uploads?name=a.txt").cookie(alice.cookie()).origin("https://evil.example")
                .header("Content-Type", "text/plain").body("hi").send();
        assertError(cross, 403, "bad_origin");
    }
}
