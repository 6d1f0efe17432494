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

    private static List<String> texts(HistoryPage page) {
        return page.messages().stream().map(Message::text).toList();
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

        HistoryPage first = store().searchMessages(alice.id(), bob.id(), "hit", null, 2).orElseThrow();
        assertThat(texts(first)).containsExactly("hit 5", "hit 4");
        assertThat(first.hasMore()).isTrue();
        HistoryPage next = store().searchMessages(alice.id(), bob.id(), "hit", first.messages().getLast().seq(), 3).orElseThrow();
        assertThat(texts(next)).containsExactly("hit 3", "hit 2", "hit 1");
        assertThat(next.hasMore()).isFalse();
    }
}
