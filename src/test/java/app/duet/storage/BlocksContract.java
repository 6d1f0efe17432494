package app.duet.storage;

import app.duet.model.BlockedUser;
import app.duet.model.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: blocking a user (extension
 * {@code PUT /api/blocks/{userId}}): it ends the contact and pending requests in one step, refuses
 * later requests either way, is listed, bounded, and undone by unblocking.
 */
public interface BlocksContract extends StoreFixture {

    @Test
    default void blocking_a_contact_ends_the_contact_and_is_listed() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        long at = tick();

        BlockOutcome outcome = store().block(alice.id(), bob.id(), at, 10);

        assertThat(outcome).isEqualTo(new BlockOutcome(false, ContactRemoval.CONTACT_ENDED));
        assertThat(store().areContacts(alice.id(), bob.id())).isFalse();
        assertThat(store().areContacts(bob.id(), alice.id())).isFalse();
        assertThat(store().blocks(alice.id(), bob.id())).isTrue();
        assertThat(store().blocks(bob.id(), alice.id())).isFalse();
        assertThat(store().blockedUsers(alice.id(), 10)).containsExactly(new BlockedUser(bob, at));
        assertThat(store().blockedUsers(bob.id(), 10)).isEmpty();
    }

    @Test
    default void a_block_racing_the_accept_of_a_request_never_leaves_the_two_contacts() throws Exception {
        // Bob asked Alice; she blocks him while (on another device, say) accepting. Whichever runs
        // first, a blocked pair must not end up contacts: sends are allowed between contacts.
        int pairs = 40;
        List<User[]> users = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            User alice = user("ra" + i);
            User bob = user("rb" + i);
            store().requestContact(bob.id(), alice.id(), tick());
            users.add(new User[] {alice, bob});
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (User[] pair : users) {
                CyclicBarrier start = new CyclicBarrier(2);
                long at = tick();
                Future<?> accept = pool.submit(() -> { start.await(); return store().requestContact(pair[0].id(), pair[1].id(), at); });
                Future<?> block = pool.submit(() -> { start.await(); return store().block(pair[0].id(), pair[1].id(), at, 10); });
                accept.get(30, TimeUnit.SECONDS);
                block.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (User[] pair : users) {
            assertThat(store().blocks(pair[0].id(), pair[1].id())).isTrue();
            assertThat(store().areContacts(pair[0].id(), pair[1].id())).as("%s and %s", pair[0], pair[1]).isFalse();
            assertThat(store().areContacts(pair[1].id(), pair[0].id())).isFalse();
            assertThat(store().incomingRequests(pair[0].id())).isEmpty();
        }
    }

    @Test
    default void blocking_removes_a_pending_request_either_way() {
        User alice = user("alice");
        User bob = user("bob");
        store().requestContact(bob.id(), alice.id(), tick());

        assertThat(store().block(alice.id(), bob.id(), tick(), 10).ended()).isEqualTo(ContactRemoval.REQUEST_REMOVED);
        assertThat(store().incomingRequests(alice.id())).isEmpty();
        assertThat(store().outgoingRequests(bob.id())).isEmpty();
    }

    @Test
    default void a_blocked_user_cannot_ask_and_the_blocker_must_unblock_first() {
        User alice = user("alice");
        User bob = user("bob");
        store().block(alice.id(), bob.id(), tick(), 10);

        assertThat(store().requestContact(bob.id(), alice.id(), tick())).isEqualTo(ContactRequestOutcome.BLOCKED);
        assertThat(store().requestContact(alice.id(), bob.id(), tick())).isEqualTo(ContactRequestOutcome.BLOCKING);
        assertThat(store().incomingRequests(alice.id())).isEmpty();
        assertThat(store().incomingRequests(bob.id())).isEmpty();

        assertThat(store().unblock(alice.id(), bob.id())).isTrue();
        assertThat(store().unblock(alice.id(), bob.id())).isFalse();
        assertThat(store().blocks(alice.id(), bob.id())).isFalse();
        assertThat(store().requestContact(bob.id(), alice.id(), tick())).isEqualTo(ContactRequestOutcome.REQUESTED);
    }

    @Test
    default void blocking_again_keeps_the_first_time_and_the_bound_refuses_more() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        long first = tick();
        store().block(alice.id(), bob.id(), first, 1);

        assertThat(store().block(alice.id(), bob.id(), tick(), 1)).isEqualTo(new BlockOutcome(false, ContactRemoval.NOTHING));
        assertThat(store().blockedUsers(alice.id(), 10)).containsExactly(new BlockedUser(bob, first));
        assertThat(store().block(alice.id(), carol.id(), tick(), 1).refused()).isTrue();
        assertThat(store().blocks(alice.id(), carol.id())).isFalse();
    }

    @Test
    default void a_blocked_pair_cannot_exchange_messages_and_the_history_stays() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(bob, alice, "before");
        store().block(alice.id(), bob.id(), tick(), 10);

        assertThat(append(bob, alice, "after", null)).isEqualTo(new AppendOutcome.Rejected(AppendOutcome.Reason.NOT_CONTACTS));
        assertThat(store().findChat(alice.id(), bob.id()).orElseThrow().lastMessage().text()).isEqualTo("before");
    }

    @Test
    default void the_block_list_is_newest_first_and_bounded() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        store().block(alice.id(), bob.id(), tick(), 10);
        long later = tick();
        store().block(alice.id(), carol.id(), later, 10);

        assertThat(store().blockedUsers(alice.id(), 1)).containsExactly(new BlockedUser(carol, later));
    }
}
