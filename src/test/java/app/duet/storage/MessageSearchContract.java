package app.duet.storage;

import app.duet.model.Message;
import app.duet.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: searching the owner's copy of a chat
 * (extension {@code GET /api/chats/{peerId}/search}).
 */
public interface MessageSearchContract extends StoreFixture {

    private static List<String> texts(MessageHits page) {
        return page.messages().stream().map(Message::text).toList();
    }

    private List<String> everywhere(User owner, String text) {
        return texts(store().searchAllMessages(owner.id(), text, null, 50));
    }

    @Test
    default void a_substring_in_any_script_is_found_newest_first() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "我们今天晚饭吃什么");
        send(bob, alice, "Dinner at seven?");
        send(alice, bob, "晚饭好了");
        send(bob, alice, "nothing here");

        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "晚饭", null, 20).orElseThrow()))
                .containsExactly("晚饭好了", "我们今天晚饭吃什么");
        assertThat(texts(store().searchMessages(bob.id(), alice.id(), "DINNER", null, 20).orElseThrow()))
                .containsExactly("Dinner at seven?");
        assertThat(store().searchMessages(alice.id(), bob.id(), "早饭", null, 20).orElseThrow().messages()).isEmpty();
    }

    @Test
    default void wildcards_backslashes_and_nul_are_matched_literally() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "100% sure");
        send(alice, bob, "a_b");
        send(alice, bob, "C:\\dir\\file");
        send(alice, bob, "nul\u0000here");
        send(alice, bob, "plain");

        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "%", null, 20).orElseThrow())).containsExactly("100% sure");
        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "_", null, 20).orElseThrow())).containsExactly("a_b");
        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "\\dir", null, 20).orElseThrow())).containsExactly("C:\\dir\\file");
        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "\u0000", null, 20).orElseThrow())).containsExactly("nul\u0000here");
        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "\\0", null, 20).orElseThrow())).isEmpty();
    }

    @Test
    default void only_the_owners_copy_is_searched() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "secret one");
        store().deleteChat(bob.id(), alice.id());   // bob's copy is gone
        send(alice, bob, "secret two");             // bob's new box starts here

        assertThat(texts(store().searchMessages(bob.id(), alice.id(), "secret", null, 20).orElseThrow())).containsExactly("secret two");
        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "secret", null, 20).orElseThrow()))
                .containsExactly("secret two", "secret one");
        assertThat(store().searchMessages(alice.id(), user("carol").id(), "secret", null, 20)).isEmpty();
    }

    @Test
    default void results_page_backwards_with_before() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        for (int i = 1; i <= 5; i++) send(alice, bob, "hit " + i);

        MessageHits first = store().searchMessages(alice.id(), bob.id(), "hit", null, 2).orElseThrow();
        assertThat(texts(first)).containsExactly("hit 5", "hit 4");
        assertThat(first.hasMore()).isTrue();
        assertThat(first.next()).isEqualTo(first.messages().getLast().seq());
        MessageHits next = store().searchMessages(alice.id(), bob.id(), "hit", first.next(), 3).orElseThrow();
        assertThat(texts(next)).containsExactly("hit 3", "hit 2", "hit 1");
        assertThat(next.hasMore()).isFalse();
        assertThat(next.next()).isNull();
        assertThat(next.cut()).isFalse();
    }

    // ---- search v2: the full-text index, all chats at once, hidden and recalled messages

    @Test
    default void all_chats_are_searched_at_once_newest_first_in_the_owners_copies_only() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User dave = user("dave");
        befriend(alice, bob);
        befriend(alice, carol);
        befriend(bob, dave);
        send(bob, alice, "我们今天晚饭吃什么");
        send(alice, carol, "晚饭 at seven, dinner!");
        send(bob, dave, "晚饭 is not alice's business");   // not a chat of alice's
        send(carol, alice, "no match here");

        assertThat(everywhere(alice, "晚饭")).containsExactly("晚饭 at seven, dinner!", "我们今天晚饭吃什么");
        assertThat(everywhere(alice, "今天晚饭")).containsExactly("我们今天晚饭吃什么");
        assertThat(everywhere(alice, "DINNER")).containsExactly("晚饭 at seven, dinner!");
        assertThat(everywhere(alice, "business")).isEmpty();
        assertThat(everywhere(dave, "business")).containsExactly("晚饭 is not alice's business");

        store().deleteChat(alice.id(), carol.id());        // alice's copy of that chat is gone
        assertThat(everywhere(alice, "晚饭")).containsExactly("我们今天晚饭吃什么");
        assertThat(everywhere(alice, "dinner")).isEmpty();
        send(carol, alice, "dinner again");                // a new box holds only this on
        assertThat(everywhere(alice, "dinner")).containsExactly("dinner again");
        assertThat(everywhere(carol, "dinner")).containsExactly("dinner again", "晚饭 at seven, dinner!");
    }

    @Test
    default void all_chats_page_back_by_message_id() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        for (int i = 1; i <= 7; i++) send(alice, i % 2 == 0 ? bob : carol, "page hit " + i);

        MessageHits first = store().searchAllMessages(alice.id(), "hit", null, 3);
        assertThat(texts(first)).containsExactly("page hit 7", "page hit 6", "page hit 5");
        assertThat(first.hasMore()).isTrue();
        assertThat(first.next()).isEqualTo(first.messages().getLast().id());
        MessageHits second = store().searchAllMessages(alice.id(), "hit", first.next(), 3);
        assertThat(texts(second)).containsExactly("page hit 4", "page hit 3", "page hit 2");
        MessageHits last = store().searchAllMessages(alice.id(), "hit", second.next(), 3);
        assertThat(texts(last)).containsExactly("page hit 1");
        assertThat(last.hasMore()).isFalse();
        assertThat(last.next()).isNull();
        // two characters: no index, the same answers by scanning
        assertThat(texts(store().searchAllMessages(alice.id(), "hi", null, 50))).hasSize(7);
        assertThat(texts(store().searchAllMessages(alice.id(), "t 3", null, 50))).containsExactly("page hit 3");
    }

    @Test
    default void messages_hidden_from_the_owner_are_not_found_but_still_by_the_peer() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message hidden = send(bob, alice, "hidden dinner plans");
        send(bob, alice, "visible dinner plans");
        runSql("INSERT INTO hidden_messages (owner_id, message_id) VALUES (" + alice.id() + ", " + hidden.id() + ")");

        assertThat(everywhere(alice, "dinner")).containsExactly("visible dinner plans");
        assertThat(everywhere(alice, "di")).containsExactly("visible dinner plans");
        assertThat(texts(store().searchMessages(alice.id(), bob.id(), "dinner", null, 20).orElseThrow()))
                .containsExactly("visible dinner plans");
        assertThat(everywhere(bob, "dinner")).containsExactly("visible dinner plans", "hidden dinner plans");
    }

    @Test
    default void a_text_erased_by_any_writer_leaves_the_index() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message recalled = send(alice, bob, "a secret recipe");
        send(alice, bob, "the recipe is public");
        // a recall, as the message edits change writes it: the trigger (SQLite) or the index itself keeps up
        runSql("UPDATE messages SET text = '' WHERE id = " + recalled.id());

        assertThat(everywhere(bob, "recipe")).containsExactly("the recipe is public");
        assertThat(everywhere(bob, "secret")).isEmpty();
        runSql("UPDATE messages SET text = 'an edited secret' WHERE id = " + recalled.id());
        assertThat(everywhere(bob, "secret")).containsExactly("an edited secret");
    }

    @Test
    default void letter_case_is_folded_beyond_ascii() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "ÄRGER über ΣΟΦΊΑ");
        send(alice, bob, "Ä");

        assertThat(everywhere(bob, "ärger")).containsExactly("ÄRGER über ΣΟΦΊΑ");   // the index
        assertThat(everywhere(bob, "ÜBER")).containsExactly("ÄRGER über ΣΟΦΊΑ");
        assertThat(everywhere(bob, "σοφία")).containsExactly("ÄRGER über ΣΟΦΊΑ");
        assertThat(everywhere(bob, "ä")).containsExactly("Ä", "ÄRGER über ΣΟΦΊΑ"); // a scan
        assertThat(texts(store().searchMessages(bob.id(), alice.id(), "rger Ü", null, 20).orElseThrow()))
                .containsExactly("ÄRGER über ΣΟΦΊΑ");
    }

    @Test
    default void backslashes_nul_quotes_and_wildcards_are_literal_in_the_index_too() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "C:\\dir\\file");
        send(alice, bob, "nul\u0000here");
        send(alice, bob, "say \"hi\" OR NOT");
        send(alice, bob, "100% sure_thing");
        send(alice, bob, "plain \\0 text");

        assertThat(everywhere(alice, "\\dir\\")).containsExactly("C:\\dir\\file");
        assertThat(everywhere(alice, "l\u0000h")).containsExactly("nul\u0000here");
        assertThat(everywhere(alice, "\"hi\" OR")).containsExactly("say \"hi\" OR NOT");
        assertThat(everywhere(alice, "0% s")).containsExactly("100% sure_thing");
        assertThat(everywhere(alice, "e_t")).containsExactly("100% sure_thing");
        assertThat(everywhere(alice, "n \\0 t")).containsExactly("plain \\0 text");
        assertThat(everywhere(alice, "ul\\0")).isEmpty();
    }
}
