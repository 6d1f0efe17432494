package app.duet.export;

import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.files.FileService;
import app.duet.model.AccountSummary;
import app.duet.model.Attachment;
import app.duet.model.BlockedUser;
import app.duet.model.ChatBox;
import app.duet.model.ContactRequest;
import app.duet.model.ContactSince;
import app.duet.model.Message;
import app.duet.model.Quote;
import app.duet.model.StoredSession;
import app.duet.model.User;
import app.duet.storage.HistoryPage;
import app.duet.storage.HistoryQuery;
import app.duet.storage.Store;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One user's data as a ZIP (their right to their data): {@code profile.json}, {@code contacts.json},
 * per chat box {@code chats/PEER.json} and {@code chats/PEER.html} with their own copy of its
 * messages, {@code files/...} (the attachments of that copy), {@code index.html} and
 * {@code README.txt} (layout: docs/OPERATIONS.md, "Exporting a user's data").
 *
 * <p>Streamed: each chat's history is read a page of {@value #PAGE} messages at a time through
 * {@link Store#history} (the owner's copy: nothing before the box's start, nothing deleted for them)
 * and written straight into the ZIP, whatever its size; nothing but one page and the list of chat
 * boxes is held. A ZIP entry is written in one go, so a chat is read three times (JSON, HTML, its
 * files), each pass stopping at the last seq the first one saw, so the three agree on which messages
 * there are. Files are read through {@link FileService#open}, which serves only what the owner's
 * copy holds. Never written: the password hash, session tokens or ids, anything of the peer's copy.
 */
public final class DataExport {
    /** Messages read per page of history. */
    static final int PAGE = 200;
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Store store;
    private final FileService files;
    private final Clock clock;

    public DataExport(Store store, FileService files, Clock clock) {
        this.store = store;
        this.files = files;
        this.clock = clock;
    }

    /** The name a download of {@code user}'s export gets: {@code duet-export-NAME-YYYYMMDD.zip} (UTC date). */
    public String fileName(User user) {
        return "duet-export-" + user.username() + "-"
                + DateTimeFormatter.BASIC_ISO_DATE.withZone(ZoneOffset.UTC).format(clock.instant()).substring(0, 8) + ".zip";
    }

    /**
     * Writes {@code user}'s export to {@code out} as a ZIP and flushes it; {@code out} stays open.
     * If it fails part way, what was written is no readable ZIP.
     * @throws DuetException {@code no_such_user} if the user is gone
     */
    public void write(User user, OutputStream out) throws IOException {
        AccountSummary account = store.account(user.id())
                .orElseThrow(() -> new DuetException(ErrorCode.NO_SUCH_USER, "There is no such user."));
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(new KeepOpen(out), 64 * 1024), StandardCharsets.UTF_8);
        entry(zip, "README.txt");
        text(zip, readme(account.user()));
        entry(zip, "profile.json");
        profile(json(zip), account);
        entry(zip, "contacts.json");
        contacts(json(zip), user.id());
        List<ChatBox> boxes = store.listChats(user.id());
        for (ChatBox box : boxes) chat(zip, account.user(), box);
        entry(zip, "index.html");
        index(zip, account, boxes);
        // Closing ends the ZIP and frees its deflater; KeepOpen leaves out open. A failure before this
        // leaves the ZIP without its directory on purpose: no reader takes a cut-short export for whole.
        zip.close();
    }

    // ---- profile and contacts

    private void profile(JsonGenerator g, AccountSummary a) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", a.user().id());
        g.writeStringField("username", a.user().username());
        g.writeStringField("name", a.user().name());
        g.writeStringField("createdAt", iso(a.createdAt()));
        if (a.lastSeenAt() != null) g.writeStringField("lastSeenAt", iso(a.lastSeenAt()));
        g.writeBooleanField("disabled", a.disabled());
        g.writeStringField("exportedAt", iso(clock.millis()));
        // The devices signed in, as the account panel lists them: never a token or a session's id.
        g.writeArrayFieldStart("sessions");
        for (StoredSession s : store.sessionsOf(a.user().id())) {
            g.writeStartObject();
            g.writeStringField("client", s.client());
            g.writeStringField("createdAt", iso(s.createdAt()));
            g.writeStringField("lastUsedAt", iso(s.lastUsedAt()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    private void contacts(JsonGenerator g, long userId) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("contacts");
        for (ContactSince c : store.contactsSince(userId)) userAt(g, c.user(), "since", c.since());
        g.writeEndArray();
        g.writeArrayFieldStart("blocked");
        for (BlockedUser b : store.blockedUsers(userId, Integer.MAX_VALUE)) userAt(g, b.user(), "since", b.at());
        g.writeEndArray();
        requests(g, "incomingRequests", store.incomingRequests(userId));
        requests(g, "outgoingRequests", store.outgoingRequests(userId));
        g.writeEndObject();
        g.flush();
    }

    private static void requests(JsonGenerator g, String field, List<ContactRequest> requests) throws IOException {
        g.writeArrayFieldStart(field);
        for (ContactRequest r : requests) userAt(g, r.user(), "at", r.at());
        g.writeEndArray();
    }

    /** A person and when something began between you (a contact's or a block's "since", a request's "at"). */
    private static void userAt(JsonGenerator g, User u, String timeField, long at) throws IOException {
        g.writeStartObject();
        g.writeStringField("username", u.username());
        g.writeStringField("name", u.name());
        g.writeStringField(timeField, iso(at));
        g.writeEndObject();
    }

    // ---- one chat box: JSON, HTML, files, each a pass over the owner's copy

    /** Pages of the owner's copy in seq order, up to {@code upToSeq}, handed to {@code each}. */
    @FunctionalInterface
    private interface PageHandler {
        void handle(List<Message> page) throws IOException;
    }

    /** @return the last seq handed over (0 if none) */
    private long pages(User owner, ChatBox box, long upToSeq, PageHandler each) throws IOException {
        long after = 0;
        while (true) {
            HistoryPage page = store.history(owner.id(), box.peer().id(), new HistoryQuery(null, after, PAGE)).orElse(null);
            if (page == null) return after; // the box was deleted meanwhile: what was written stays
            List<Message> messages = page.messages().stream().filter(m -> m.seq() <= upToSeq).toList();
            if (!messages.isEmpty()) {
                each.handle(messages);
                after = messages.getLast().seq();
            }
            if (!page.hasMore() || messages.size() < page.messages().size() || page.messages().isEmpty()) return after;
        }
    }

    private void chat(ZipOutputStream zip, User owner, ChatBox box) throws IOException {
        String peer = box.peer().username();
        entry(zip, "chats/" + peer + ".json");
        JsonGenerator g = json(zip);
        g.writeStartObject();
        g.writeObjectFieldStart("peer");
        g.writeStringField("username", peer);
        g.writeStringField("name", box.peer().name());
        g.writeEndObject();
        g.writeBooleanField("contact", box.peerIsContact());
        g.writeNumberField("unread", box.unread());
        g.writeNumberField("readMark", box.readMark());
        g.writeNumberField("peerReadMark", box.peerReadMark());
        g.writeBooleanField("pinned", box.settings().pinned());
        g.writeBooleanField("muted", box.settings().muted());
        g.writeBooleanField("markedUnread", box.settings().markedUnread());
        g.writeStringField("lastActivityAt", iso(box.updatedAt()));
        g.writeArrayFieldStart("messages");
        long last = pages(owner, box, Long.MAX_VALUE, page -> {
            for (Message m : page) message(g, owner, box.peer(), m);
            g.flush();
        });
        g.writeEndArray();
        g.writeEndObject();
        g.flush();

        entry(zip, "chats/" + peer + ".html");
        Writer w = new OutputStreamWriter(new KeepOpen(zip), StandardCharsets.UTF_8);
        w.write(Html.chatStart(owner, box));
        pages(owner, box, last, page -> {
            for (Message m : page) w.write(Html.message(owner, box.peer(), m));
        });
        w.write(Html.chatEnd());
        w.flush();

        pages(owner, box, last, page -> {
            for (Message m : page) {
                for (Attachment a : m.attachments()) file(zip, owner, a);
            }
        });
    }

    private static void message(JsonGenerator g, User owner, User peer, Message m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("seq", m.seq());
        g.writeStringField("from", m.from() == owner.id() ? owner.username() : peer.username());
        g.writeStringField("sentAt", iso(m.sentAt()));
        if (m.recalled()) {
            g.writeBooleanField("recalled", true); // its text is erased: none to export
            g.writeStringField("recalledAt", iso(m.recalledAt()));
        } else {
            g.writeStringField("text", m.text());
        }
        Quote q = m.replyTo();
        if (q != null) {
            g.writeObjectFieldStart("replyTo");
            g.writeNumberField("seq", q.seq());
            switch (q.state()) {
                case SHOWN -> {
                    g.writeStringField("from", q.from() == owner.id() ? owner.username() : peer.username());
                    g.writeStringField("text", q.text());
                }
                case RECALLED -> {
                    g.writeStringField("from", q.from() == owner.id() ? owner.username() : peer.username());
                    g.writeBooleanField("recalled", true);
                }
                case MISSING -> g.writeBooleanField("missing", true);
                case UNRESOLVED -> { }
            }
            g.writeEndObject();
        }
        if (!m.attachments().isEmpty()) {
            g.writeArrayFieldStart("attachments");
            for (Attachment a : m.attachments()) {
                g.writeStartObject();
                g.writeStringField("name", a.name());
                g.writeStringField("type", a.type());
                g.writeStringField("kind", a.kind());
                g.writeNumberField("size", a.size());
                if (a.isImage()) {
                    g.writeNumberField("width", a.width());
                    g.writeNumberField("height", a.height());
                }
                g.writeStringField("file", filePath(a));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private void file(ZipOutputStream zip, User owner, Attachment a) throws IOException {
        FileService.Opened opened;
        try {
            opened = files.open(owner, a.id(), false);
        } catch (DuetException gone) {
            return; // erased since the page was read (a recall, a deleted box): the JSON names a missing file
        }
        try (InputStream in = opened.content()) {
            entry(zip, filePath(a));
            in.transferTo(zip);
        }
    }

    /** Where an attachment's bytes are in the ZIP: its id (unique) and its name, made safe for any file system. */
    static String filePath(Attachment a) {
        return "files/" + a.id() + "-" + a.name().replaceAll("[^\\p{L}\\p{N}._() -]", "_");
    }

    /** {@link #filePath} as a link from a page one folder down ({@code chats/}), each segment percent-encoded. */
    static String fileHref(Attachment a) {
        String name = filePath(a).substring("files/".length());
        return "../files/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- index and README

    private void index(ZipOutputStream zip, AccountSummary account, List<ChatBox> boxes) throws IOException {
        Writer w = new OutputStreamWriter(new KeepOpen(zip), StandardCharsets.UTF_8);
        w.write(Html.indexStart(account, shown(clock.millis())));
        w.write(Html.people("Contacts", store.contacts(account.user().id())));
        w.write(Html.people("Blocked", store.blockedUsers(account.user().id(), Integer.MAX_VALUE).stream().map(BlockedUser::user).toList()));
        w.write(Html.chatLinks(boxes));
        w.write(Html.end());
        w.flush();
    }

    private static String readme(User user) {
        return """
                Duet: the data of %s (%s)

                README.txt          this file
                index.html          open it in a browser: the profile, the contacts and a link to each chat
                profile.json        the account: username, display name, when it was made, last seen, devices signed in
                contacts.json       contacts and blocked users (each with username, name and since when), contact
                                    requests waiting (with username, name and when asked)
                chats/NAME.json     one per chat box, NAME being the other person's username: the box (unread,
                                    read marks, pinned, muted) and this account's own copy of its messages in
                                    order (seq, from, sentAt, text, recalled, replyTo, attachments)
                chats/NAME.html     the same chat, readable in a browser
                files/ID-NAME       the pictures and files of those messages (each message's "file" names its own)

                Only this account's copy is here: messages deleted for this account, or from before its chat box
                began, are left out; a recalled message shows as recalled, without its text (it is erased).
                Times are UTC (ISO 8601). Password, session tokens and other secrets are never exported.
                """.formatted(user.username(), user.name());
    }

    // ---- plumbing

    private static void entry(ZipOutputStream zip, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
    }

    private static void text(ZipOutputStream zip, String s) throws IOException {
        zip.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonGenerator json(ZipOutputStream zip) throws IOException {
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(new KeepOpen(zip));
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        return g;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    static String shown(long millis) {
        return SHOWN_TIME.format(Instant.ofEpochMilli(millis)) + " UTC";
    }

    /** Lets a writer be closed or dropped without closing the ZIP (or the caller's stream) under it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
