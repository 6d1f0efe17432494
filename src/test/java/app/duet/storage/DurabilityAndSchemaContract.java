package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.ContactRequest;
import app.duet.model.Message;
import app.duet.model.User;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Store} contract, part of {@link StoreContract}: closing and reopening keeps
 * everything; a database newer than this build is refused; health, and a closed store failing with
 * storage exceptions only.
 */
public interface DurabilityAndSchemaContract extends StoreFixture {

    @Test
    default void everything_survives_closing_and_reopening() {
        User alice = store().createUser("alice", "Alice", "hash-a", tick());
        User bob = user("bob");
        User carol = user("carol");
        session("a", alice, tick());
        befriend(alice, bob);
        store().requestContact(carol.id(), alice.id(), tick());
        List<Message> sent = conversation(alice, bob, 3);
        Message withId = send(alice, bob, "4", "cid-4");
        store().markRead(bob.id(), alice.id(), 2);
        List<ChatBox> alicesChats = store().listChats(alice.id());
        List<ChatBox> bobsChats = store().listChats(bob.id());

        reopen();

        assertThat(store().findUser(alice.id())).contains(alice);
        assertThat(store().findCredentials("alice")).contains(new Credentials(alice, "hash-a"));
        assertThat(sessionUser("a")).contains(alice);
        assertThat(store().areContacts(alice.id(), bob.id())).isTrue();
        assertThat(store().incomingRequests(alice.id())).extracting(ContactRequest::user).containsExactly(carol);
        assertThat(store().listChats(alice.id())).isEqualTo(alicesChats);
        assertThat(store().listChats(bob.id())).isEqualTo(bobsChats);
        List<Message> all = new ArrayList<>(sent);
        all.add(withId);
        assertThat(newest(bob, alice, 50).messages()).isEqualTo(all);
        assertThat(append(alice, bob, "4 again", "cid-4")).isEqualTo(new AppendOutcome.Duplicate(withId));
        assertThat(send(bob, alice, "5").seq()).isEqualTo(5);
        assertThatThrownBy(() -> user("bob")).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    default void a_deletion_survives_closing_and_reopening() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store().deleteChat(alice.id(), bob.id());
        send(bob, alice, "4");

        reopen();

        assertThat(seqs(newest(alice, bob, 50))).containsExactly(4L);
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    default void reopening_an_up_to_date_database_works_again_and_again() {
        User alice = user("alice");

        reopen();
        reopen();

        assertThat(store().findUser(alice.id())).contains(alice);
        assertThat(store().isHealthy()).isTrue();
    }

    @Test
    default void a_database_newer_than_this_build_is_refused() throws Exception {
        user("alice");
        closeForGood();

        makeDataNewerThanThisBuild();

        assertThatThrownBy(() -> {
            Store s = openOnSameData();
            s.close();
        }).isInstanceOf(StorageException.class).hasMessageContaining("version");
    }

    @Test
    default void an_open_store_is_healthy() {
        assertThat(store().isHealthy()).isTrue();
    }

    @Test
    default void a_closed_store_is_unhealthy_and_fails_with_storage_exceptions_only() {
        User alice = user("alice");
        Store closed = closeForGood();

        assertThat(closed.isHealthy()).isFalse();
        assertThatThrownBy(() -> closed.findUser(alice.id())).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> closed.createUser("bob", "Bob", "h", tick())).isInstanceOf(StorageException.class);
    }
}
