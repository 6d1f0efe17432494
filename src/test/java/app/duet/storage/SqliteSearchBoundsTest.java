package app.duet.storage;

import app.duet.model.Message;
import app.duet.model.User;
import app.duet.storage.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of message search ({@link SearchText#CANDIDATES}, {@link SearchText#SCAN_ROWS}) on a
 * real SQLite file: chats too long to scan go through the index, a page cut at the bound says so,
 * and its cursor goes on until every hit has been seen. (Thousands of messages each: the SQLite
 * adapter only, where they are stored in a moment; both adapters share the code, {@code MessageSearch}.)
 */
class SqliteSearchBoundsTest {
    @TempDir
    Path dir;
    Store store;
    long clock = 1_700_000_000_000L;
    User alice, bob, dave;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        alice = store.createUser("alice", "Alice", "h", 1);
        bob = store.createUser("bob", "Bob", "h", 1);
        dave = store.createUser("dave", "Dave", "h", 1);
        for (User[] p : new User[][]{{alice, bob}, {bob, dave}}) {
            store.requestContact(p[0].id(), p[1].id(), 1);
            store.requestContact(p[1].id(), p[0].id(), 1);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private NewMessage m(User from, User to, String text) {
        return new NewMessage(from.id(), to.id(), text, null, clock += 1);
    }

    private void store(List<NewMessage> batch) {
        assertThat(store.appendMessages(batch)).allMatch(o -> o instanceof AppendOutcome.Stored);
    }

    /** Every hit, following the cursor page by page; @return the texts and how many pages it took */
    private record Walk(List<String> texts, int pages, int cutPages) { }

    private Walk walkChat(User owner, User peer, String q) {
        List<String> texts = new ArrayList<>();
        Long before = null;
        int pages = 0, cut = 0;
        do {
            MessageHits page = store.searchMessages(owner.id(), peer.id(), q, before, 20).orElseThrow();
            pages++;
            if (page.cut()) cut++;
            page.messages().forEach(m -> texts.add(m.text()));
            assertThat(page.hasMore()).isEqualTo(page.next() != null);
            if (before != null && page.next() != null) assertThat(page.next()).isLessThan(before);
            before = page.next();
        } while (before != null && pages < 1000);
        return new Walk(texts, pages, cut);
    }

    private Walk walkAll(User owner, String q) {
        List<String> texts = new ArrayList<>();
        Long before = null;
        int pages = 0, cut = 0;
        do {
            MessageHits page = store.searchAllMessages(owner.id(), q, before, 20);
            pages++;
            if (page.cut()) cut++;
            page.messages().forEach(m -> texts.add(m.text()));
            before = page.next();
        } while (before != null && pages < 1000);
        return new Walk(texts, pages, cut);
    }

    @Test
    void a_chat_too_long_to_scan_is_searched_on_the_index_and_pages_back_by_seq() {
        List<NewMessage> batch = new ArrayList<>();
        batch.add(m(alice, bob, "the oldest needle"));
        for (int i = 0; i < SearchText.SCAN_ROWS + 50; i++) batch.add(m(i % 2 == 0 ? alice : bob, i % 2 == 0 ? bob : alice, "filler " + i));
        for (int i = 0; i < 30; i++) batch.add(m(bob, alice, "needle " + i));
        store(batch);

        Walk walk = walkChat(alice, bob, "NEEDLE");
        assertThat(walk.texts()).hasSize(31).endsWith("the oldest needle");
        assertThat(walk.texts().getFirst()).isEqualTo("needle 29");
        assertThat(walk.cutPages()).isZero();
        // two characters cannot use the index: the newest SCAN_ROWS are scanned, the page is cut, the cursor goes on
        MessageHits shortPage = store.searchMessages(alice.id(), bob.id(), "ol", null, 20).orElseThrow();
        assertThat(shortPage.messages()).isEmpty();
        assertThat(shortPage.cut()).isTrue();
        Walk shortWalk = walkChat(alice, bob, "ol");
        assertThat(shortWalk.texts()).containsExactly("the oldest needle");
        assertThat(shortWalk.cutPages()).isPositive();
    }

    @Test
    void common_text_in_other_peoples_chats_cuts_a_page_and_the_cursor_reaches_the_owners_older_hit() {
        List<NewMessage> batch = new ArrayList<>();
        batch.add(m(alice, bob, "alice's needle"));
        // newer: more index hits than one search looks at, all in a chat alice is not in, among
        // enough of alice's own to make her chat too long to scan
        for (int i = 0; i < SearchText.CANDIDATES + 500; i++) {
            batch.add(m(bob, dave, "needle for dave " + i));
            batch.add(m(alice, bob, "hay " + i));
            batch.add(m(bob, alice, "more hay " + i));
            batch.add(m(alice, bob, "still hay " + i));
        }
        store(batch);

        MessageHits first = store.searchAllMessages(alice.id(), "needle", null, 20);
        assertThat(first.messages()).isEmpty();
        assertThat(first.cut()).isTrue();
        assertThat(first.hasMore()).isTrue();
        Walk all = walkAll(alice, "needle");
        assertThat(all.texts()).containsExactly("alice's needle");
        assertThat(all.cutPages()).isPositive();

        Walk chat = walkChat(alice, bob, "needle");
        assertThat(chat.texts()).containsExactly("alice's needle");
        assertThat(chat.cutPages()).isPositive();
        Walk bobs = walkChat(bob, dave, "needle");
        assertThat(bobs.texts()).hasSize(SearchText.CANDIDATES + 500);
    }

    @Test
    void the_index_follows_deletes_and_a_box_started_later() {
        store(List.of(m(alice, bob, "before the box"), m(alice, bob, "also before")));
        store.deleteChat(bob.id(), alice.id());
        store(List.of(m(alice, bob, "after the box")));
        assertThat(store.searchAllMessages(bob.id(), "the box", null, 20).messages()).extracting(Message::text)
                .containsExactly("after the box");
        store.deleteChat(alice.id(), bob.id()); // erases what only alice held: the rows and their index entries
        assertThat(store.searchAllMessages(alice.id(), "before", null, 20).messages()).isEmpty();
        assertThat(store.searchAllMessages(bob.id(), "box", null, 20).messages()).extracting(Message::text)
                .containsExactly("after the box");
    }
}
