package app.duet.chats;

import app.duet.testing.RecordedEvents;
import app.duet.testing.TestClock;
import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.Metrics;
import app.duet.delivery.BusMessage;


import app.duet.model.ChatBox;
import app.duet.storage.HistoryQuery;
import app.duet.model.Message;
import app.duet.storage.Store;
import app.duet.model.User;
import app.duet.storage.sqlite.SqliteStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one path that stores messages and publishes their events: {@link ChatService} over the
 * group committer, on a real SQLite store in a temp folder and the in-process bus. What the bus
 * carries is recorded in publish order.
 */
class ChatServiceTest {

    @TempDir
    java.nio.file.Path dir;

    private final TestClock clock = new TestClock();
    private final RecordedEvents recorded = new RecordedEvents();
    private GroupCommitter committer;
    private final List<BusMessage> published = recorded.published();
    private Store store;
    private ChatService chats;
    private User alice;
    private User bob;
    private User carol;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir);
        chats = service(0, 1);
        alice = store.createUser("alice", "Alice", "h", 1);
        bob = store.createUser("bob", "Bob", "h", 1);
        carol = store.createUser("carol", "Carol", "h", 1);
        store.requestContact(alice.id(), bob.id(), 1);
        store.requestContact(bob.id(), alice.id(), 1);
    }

    @AfterEach
    void stop() {
        if (committer != null) committer.close();
        store.close();
    }

    /** A service over a started committer of its own (the previous one, if any, is closed first). */
    private ChatService service(double ratePerSecond, int burst) {
        if (committer != null) committer.close();
        committer = new GroupCommitter(store, clock, new Metrics(), 64, new CommittedSends(recorded.events(), recorded.registry()))
                .start();
        return new ChatService(store, recorded.events(), recorded.registry(), clock,
                new app.duet.limits.UserRate(clock, burst, ratePerSecond, null), new TypingThrottle(clock), committer,
                new app.duet.limits.UserRate(clock, 30, 1, null));
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Message send(User from, User to, String text, String clientId, String connection) {
        return await(chats.send(from, to.id(), text, clientId, connection)).message();
    }

    private static void refused(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DuetException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** The frames published to one user's connections (ToUsers naming them), in publish order. */
    private List<JsonNode> framesTo(User user) {
        List<JsonNode> out = new ArrayList<>();
        synchronized (published) {
            for (BusMessage m : published) {
                if (m instanceof BusMessage.ToUsers u && u.userIds().contains(user.id())) out.add(parse(u.frame().text()));
            }
        }
        return out;
    }

    private List<BusMessage.ToConnection> toConnection(String id) {
        synchronized (published) {
            return published.stream().filter(m -> m instanceof BusMessage.ToConnection c && c.connectionId().equals(id))
                    .map(m -> (BusMessage.ToConnection) m).toList();
        }
    }

    private static JsonNode parse(String frame) {
        try {
            return Json.MAPPER.readTree(frame);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Predicate<JsonNode> type(String type) {
        return n -> n.path("type").asText().equals(type);
    }

    private static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(n -> n.path("type").asText()).toList();
    }

    // ---- the group committer

    @Test
    void concurrent_sends_to_one_pair_get_gapless_seqs_in_commit_order_and_are_published_in_seq_order() throws Exception {
        int threads = 8;
        int perThread = 50;
        int total = threads * perThread;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<CompletableFuture<ChatService.Sent>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                submitted.add(pool.submit(() -> {
                    go.await();
                    User from = n % 2 == 0 ? alice : bob;
                    User to = n % 2 == 0 ? bob : alice;
                    List<CompletableFuture<ChatService.Sent>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) mine.add(chats.send(from, to.id(), "t" + n + " #" + i, "t" + n + "-" + i, null));
                    return mine;
                }));
            }
            go.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<CompletableFuture<ChatService.Sent>>> f : submitted) {
                List<Long> mine = new ArrayList<>();
                for (CompletableFuture<ChatService.Sent> s : f.get(20, TimeUnit.SECONDS)) {
                    ChatService.Sent sent = await(s);
                    assertThat(sent.created()).isTrue();
                    mine.add(sent.message().seq());
                }
                assertThat(mine).as("one thread's sends are committed in the order it queued them").isSorted();
                all.addAll(mine);
            }
            Collections.sort(all);
            List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
            assertThat(all).isEqualTo(expected);

            for (User u : List.of(alice, bob)) {
                List<Long> publishedSeqs = framesTo(u).stream().filter(type("message"))
                        .map(n -> n.path("message").path("seq").asLong()).toList();
                assertThat(publishedSeqs).as("message events to %s", u.username()).isEqualTo(expected);
            }
            assertThat(store.history(alice.id(), bob.id(), new HistoryQuery(null, null, total)).orElseThrow().messages())
                    .extracting(Message::seq).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closing_stores_every_queued_send_before_returning() {
        List<CompletableFuture<ChatService.Sent>> sends = new ArrayList<>();
        for (int i = 0; i < 300; i++) sends.add(chats.send(alice, bob.id(), "m" + i, null, null));

        committer.close();

        assertThat(sends).allMatch(CompletableFuture::isDone);
        assertThat(sends).noneMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(store.findChat(bob.id(), alice.id()).orElseThrow().unread()).isEqualTo(300);
    }

    @Test
    void a_closed_service_refuses_new_sends_as_unavailable() {
        committer.close();

        refused(() -> chats.send(alice, bob.id(), "late", null, null), ErrorCode.UNAVAILABLE);
        chats = null;
    }

    // ---- sending

    @Test
    void a_sent_message_is_stored_and_published_to_both_users() {
        ChatService.Sent sent = await(chats.send(alice, bob.id(), "hello", "c1", null));

        assertThat(sent.created()).isTrue();
        assertThat(sent.message().seq()).isEqualTo(1);
        assertThat(sent.message().text()).isEqualTo("hello");
        assertThat(sent.message().sentAt()).isEqualTo(clock.millis());
        JsonNode toBob = framesTo(bob).stream().filter(type("message")).findFirst().orElseThrow();
        assertThat(toBob.path("message").path("text").asText()).isEqualTo("hello");
        assertThat(toBob.path("message").path("id").isTextual()).as("ids travel as strings").isTrue();
        assertThat(framesTo(alice).stream().filter(type("message")).count()).isEqualTo(1);
    }

    @Test
    void the_chat_events_of_new_boxes_come_before_the_message_that_created_them() {
        send(alice, bob, "first", null, null);

        assertThat(types(framesTo(bob))).containsExactly("chat", "message");
        assertThat(types(framesTo(alice))).containsExactly("chat", "message");

        send(bob, alice, "a plain reply", null, null);

        assertThat(types(framesTo(bob))).containsExactly("chat", "message", "message");
        assertThat(types(framesTo(alice))).containsExactly("chat", "message", "message");
    }

    @Test
    void the_chat_event_of_a_new_box_shows_it_empty_before_the_message_that_follows() {
        send(alice, bob, "first", null, null);

        List<JsonNode> toBob = framesTo(bob);
        assertThat(types(toBob).subList(0, 2)).containsExactly("chat", "message");
        JsonNode chat = toBob.getFirst().path("chat");
        assertThat(chat.path("peer").path("id").asLong()).isEqualTo(alice.id());
        assertThat(chat.path("unread").asLong()).isZero();
        assertThat(chat.path("lastMessage").isNull()).isTrue();
        assertThat(toBob.get(1).path("message").path("text").asText()).isEqualTo("first");
    }

    @Test
    void a_websocket_send_is_acked_on_its_own_connection_which_gets_no_message_event() {
        Message m = send(alice, bob, "hi", "c1", "conn-a1");

        BusMessage.ToUsers toAlice = published.stream().filter(p -> p instanceof BusMessage.ToUsers u
                        && u.userIds().equals(List.of(alice.id())) && parse(u.frame().text()).path("type").asText().equals("message"))
                .map(p -> (BusMessage.ToUsers) p).findFirst().orElseThrow();
        assertThat(toAlice.exceptConnectionId()).isEqualTo("conn-a1");
        List<BusMessage.ToConnection> acks = toConnection("conn-a1");
        assertThat(acks).hasSize(1);
        JsonNode ack = parse(acks.getFirst().frame().text());
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("clientId").asText()).isEqualTo("c1");
        assertThat(ack.path("message").path("seq").asLong()).isEqualTo(m.seq());
    }

    @Test
    void a_repeated_client_id_returns_the_first_message_and_publishes_no_new_message() {
        Message first = send(alice, bob, "hello", "c1", null);
        int messagesBefore = (int) framesTo(bob).stream().filter(type("message")).count();

        ChatService.Sent again = await(chats.send(alice, bob.id(), "hello", "c1", "conn-a1"));

        assertThat(again.created()).isFalse();
        assertThat(again.message()).isEqualTo(first);
        assertThat(framesTo(bob).stream().filter(type("message")).count()).isEqualTo(messagesBefore);
        assertThat(toConnection("conn-a1")).hasSize(1);
        assertThat(parse(toConnection("conn-a1").getFirst().frame().text()).path("message").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void a_message_to_a_stranger_fails_as_not_contact_and_publishes_nothing() {
        CompletableFuture<ChatService.Sent> f = chats.send(alice, carol.id(), "hi", null, null);

        refused(() -> await(f), ErrorCode.NOT_CONTACT);
        assertThat(published).isEmpty();
        assertThat(store.findChat(carol.id(), alice.id())).isEmpty();
    }

    @Test
    void a_message_to_a_missing_user_fails_as_no_such_user() {
        refused(() -> await(chats.send(alice, 9_999, "hi", null, null)), ErrorCode.NO_SUCH_USER);
    }

    @Test
    void invalid_sends_are_refused_before_anything_is_queued() {
        refused(() -> chats.send(alice, bob.id(), " \n ", null, null), ErrorCode.EMPTY_MESSAGE);
        refused(() -> chats.send(alice, bob.id(), "x".repeat(4001), null, null), ErrorCode.MESSAGE_TOO_LONG);
        refused(() -> chats.send(alice, bob.id(), "ok", "not ok", null), ErrorCode.BAD_REQUEST);
        refused(() -> chats.send(alice, alice.id(), "me", null, null), ErrorCode.BAD_REQUEST);

        assertThat(published).isEmpty();
        assertThat(store.findChat(alice.id(), bob.id())).isEmpty();
    }

    @Test
    void sending_faster_than_the_rate_is_refused_and_stores_nothing() {
        committer.close();
        chats = service(1.0, 2);

        send(alice, bob, "1", null, null);
        send(alice, bob, "2", null, null);
        refused(() -> chats.send(alice, bob.id(), "3", null, null), ErrorCode.RATE_LIMITED);

        assertThat(store.findChat(bob.id(), alice.id()).orElseThrow().unread()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(send(alice, bob, "3", null, null).seq()).isEqualTo(3);
    }

    // ---- chat boxes

    @Test
    void opening_a_chat_with_a_contact_creates_it_empty_and_announces_it() {
        ChatService.Opened opened = chats.open(alice, bob.id());

        assertThat(opened.created()).isTrue();
        assertThat(opened.chat().peer()).isEqualTo(bob);
        assertThat(opened.chat().lastMessage()).isNull();
        assertThat(types(framesTo(alice))).containsExactly("chat");
        assertThat(framesTo(bob)).isEmpty();
    }

    @Test
    void opening_an_existing_chat_returns_it_even_after_the_contact_ended() {
        send(alice, bob, "hi", null, null);
        store.removeContact(alice.id(), bob.id());
        published.clear();

        ChatService.Opened opened = chats.open(bob, alice.id());

        assertThat(opened.created()).isFalse();
        assertThat(opened.chat().unread()).isEqualTo(1);
        assertThat(published).isEmpty();
    }

    @Test
    void opening_a_chat_is_refused_for_strangers_missing_users_and_oneself() {
        refused(() -> chats.open(alice, carol.id()), ErrorCode.NOT_CONTACT);
        refused(() -> chats.open(alice, 9_999), ErrorCode.NO_SUCH_USER);
        refused(() -> chats.open(alice, alice.id()), ErrorCode.BAD_REQUEST);
    }

    @Test
    void reading_moves_the_mark_updates_the_readers_devices_and_sends_a_receipt() {
        send(alice, bob, "1", null, null);
        send(alice, bob, "2", null, null);
        published.clear();

        chats.markRead(bob, alice.id(), 2);

        List<JsonNode> toBob = framesTo(bob);
        assertThat(types(toBob)).containsExactly("chat");
        assertThat(toBob.getFirst().path("chat").path("unread").asLong()).isZero();
        List<JsonNode> toAlice = framesTo(alice);
        assertThat(types(toAlice)).containsExactly("read");
        assertThat(toAlice.getFirst().path("peer").asLong()).isEqualTo(bob.id());
        assertThat(toAlice.getFirst().path("upTo").asLong()).isEqualTo(2);
    }

    @Test
    void a_read_that_moves_nothing_publishes_nothing() {
        send(alice, bob, "1", null, null);
        chats.markRead(bob, alice.id(), 1);
        published.clear();

        chats.markRead(bob, alice.id(), 1);
        chats.markRead(bob, alice.id(), 0);

        assertThat(published).isEmpty();
    }

    @Test
    void reading_without_a_chat_or_below_zero_is_refused() {
        refused(() -> chats.markRead(alice, bob.id(), 1), ErrorCode.NO_CHAT);
        refused(() -> chats.markRead(alice, alice.id(), 1), ErrorCode.NO_CHAT);
        send(alice, bob, "1", null, null);
        refused(() -> chats.markRead(bob, alice.id(), -1), ErrorCode.BAD_REQUEST);
    }

    @Test
    void deleting_a_chat_tells_only_the_owners_devices() {
        send(alice, bob, "1", null, null);
        published.clear();

        chats.delete(bob, alice.id());

        assertThat(types(framesTo(bob))).containsExactly("chat_deleted");
        assertThat(framesTo(alice)).isEmpty();
        ChatBox alices = store.findChat(alice.id(), bob.id()).orElseThrow();
        assertThat(alices.lastMessage().text()).isEqualTo("1");
        refused(() -> chats.delete(bob, alice.id()), ErrorCode.NO_CHAT);
        refused(() -> chats.history(bob, alice.id(), null, null, null), ErrorCode.NO_CHAT);
    }

    /** PROTOCOL.md §4: GET /api/chats/{peerId}/messages without such a chat box is 404 no_chat. */
    @Test
    void history_with_oneself_is_no_chat() {
        send(alice, bob, "1", null, null);

        refused(() -> chats.history(alice, alice.id(), null, null, null), ErrorCode.NO_CHAT);
    }

    @Test
    void history_takes_one_cursor_at_most_and_a_limit_of_at_least_one() {
        send(alice, bob, "1", null, null);

        refused(() -> chats.history(alice, bob.id(), 1L, 0L, null), ErrorCode.BAD_REQUEST);
        refused(() -> chats.history(alice, bob.id(), null, null, 0L), ErrorCode.BAD_REQUEST);
        assertThat(chats.history(alice, bob.id(), null, null, 10_000L).messages()).hasSize(1);
    }

    @Test
    void history_with_a_missing_user_is_no_chat() {
        refused(() -> chats.history(alice, 9_999, null, null, null), ErrorCode.NO_CHAT);
    }

    @Test
    void a_message_after_a_deletion_announces_the_recreated_box_first() {
        send(alice, bob, "1", null, null);
        chats.delete(bob, alice.id());
        published.clear();

        send(alice, bob, "2", null, null);

        assertThat(types(framesTo(bob))).containsExactly("chat", "message");
        assertThat(types(framesTo(alice))).containsExactly("message");
        assertThat(chats.history(bob, alice.id(), null, null, null).messages())
                .extracting(Message::text).containsExactly("2");
    }

    /**
     * PROTOCOL.md §5: the {@code chat} event of a new box comes before the {@code message} that
     * created it, and each later {@code message} implies unread + 1. So the announced box must be
     * the box as that message created it, not as it stands after the rest of the commit batch.
     * To get the creating message into one batch with later ones, the SQLite write lock is held
     * (from a second connection) while the sends queue up behind a first one.
     */
    @Test
    void the_chat_event_of_a_new_box_shows_it_before_its_message_even_in_a_batch_with_later_ones() throws Exception {
        store.requestContact(alice.id(), carol.id(), 1);
        store.requestContact(carol.id(), alice.id(), 1);
        List<CompletableFuture<ChatService.Sent>> sends = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("duet.db"));
             java.sql.Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            sends.add(chats.send(alice, carol.id(), "the committer waits on this one", null, null));
            Thread.sleep(300); // let the committer take it alone and block on the lock
            for (int i = 1; i <= 10; i++) sends.add(chats.send(alice, bob.id(), "m" + i, null, null));
            st.execute("COMMIT");
        }
        sends.forEach(ChatServiceTest::await);

        List<JsonNode> toBob = framesTo(bob);
        assertThat(types(toBob).subList(0, 2)).containsExactly("chat", "message");
        JsonNode chat = toBob.getFirst().path("chat");
        assertThat(chat.path("lastMessage").isNull()).isTrue();
        assertThat(chat.path("unread").asLong()).isZero();
    }

    @Test
    void a_typing_flood_reaches_the_peer_once_a_second() {
        for (int i = 0; i < 3_000; i++) chats.typing(alice, bob.id(), true);
        assertThat(framesTo(bob, "typing")).hasSize(1);

        clock.advance(java.time.Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) chats.typing(alice, bob.id(), true);
        assertThat(framesTo(bob, "typing")).hasSize(2);
    }

    private List<JsonNode> framesTo(User user, String type) {
        List<JsonNode> out = new java.util.ArrayList<>();
        synchronized (published) {
            for (BusMessage m : published) {
                if (m instanceof BusMessage.ToUsers u && u.userIds().contains(user.id())) {
                    JsonNode n = parse(u.frame().text());
                    if (n.path("type").asText().equals(type)) out.add(n);
                }
            }
        }
        return out;
    }
}
