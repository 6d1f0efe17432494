package app.duet.storage;

import app.duet.model.ContactRequest;
import app.duet.model.ContactSince;
import app.duet.model.User;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: contact requests, accepting by asking
 * back, listing contacts and requests, ending contacts, withdrawing and declining requests.
 */
public interface ContactsContract extends StoreFixture {

    @Test
    default void a_first_request_is_pending_on_both_sides() {
        User alice = user("alice");
        User bob = user("bob");
        long at = tick();

        assertThat(store().requestContact(alice.id(), bob.id(), at)).isEqualTo(ContactRequestOutcome.REQUESTED);

        assertThat(store().outgoingRequests(alice.id())).containsExactly(new ContactRequest(bob, at));
        assertThat(store().incomingRequests(bob.id())).containsExactly(new ContactRequest(alice, at));
        assertThat(store().incomingRequests(alice.id())).isEmpty();
        assertThat(store().outgoingRequests(bob.id())).isEmpty();
        assertThat(store().areContacts(alice.id(), bob.id())).isFalse();
        assertThat(store().areContacts(bob.id(), alice.id())).isFalse();
        assertThat(store().contacts(alice.id())).isEmpty();
    }

    @Test
    default void a_repeated_request_stays_requested_and_pending_once() {
        User alice = user("alice");
        User bob = user("bob");
        store().requestContact(alice.id(), bob.id(), tick());

        assertThat(store().requestContact(alice.id(), bob.id(), tick())).isEqualTo(ContactRequestOutcome.REQUESTED);

        assertThat(store().outgoingRequests(alice.id())).hasSize(1);
        assertThat(store().incomingRequests(bob.id())).hasSize(1);
        assertThat(store().areContacts(alice.id(), bob.id())).isFalse();
    }

    @Test
    default void asking_back_makes_the_two_contacts_and_clears_the_request() {
        User alice = user("alice");
        User bob = user("bob");
        store().requestContact(alice.id(), bob.id(), tick());
        long accepted = tick();

        assertThat(store().requestContact(bob.id(), alice.id(), accepted)).isEqualTo(ContactRequestOutcome.BECAME_CONTACTS);

        assertThat(store().areContacts(alice.id(), bob.id())).isTrue();
        assertThat(store().areContacts(bob.id(), alice.id())).isTrue();
        assertThat(store().contacts(alice.id())).containsExactly(bob);
        assertThat(store().contacts(bob.id())).containsExactly(alice);
        assertThat(store().contactsSince(alice.id())).containsExactly(new ContactSince(bob, accepted));
        assertThat(store().contactsSince(bob.id())).containsExactly(new ContactSince(alice, accepted));
        assertThat(store().incomingRequests(alice.id())).isEmpty();
        assertThat(store().outgoingRequests(alice.id())).isEmpty();
        assertThat(store().incomingRequests(bob.id())).isEmpty();
        assertThat(store().outgoingRequests(bob.id())).isEmpty();
    }

    @Test
    default void asking_an_existing_contact_again_is_already_contacts_from_either_side() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store().requestContact(alice.id(), bob.id(), tick())).isEqualTo(ContactRequestOutcome.ALREADY_CONTACTS);
        assertThat(store().requestContact(bob.id(), alice.id(), tick())).isEqualTo(ContactRequestOutcome.ALREADY_CONTACTS);

        assertThat(store().areContacts(alice.id(), bob.id())).isTrue();
        assertThat(store().outgoingRequests(alice.id())).isEmpty();
        assertThat(store().outgoingRequests(bob.id())).isEmpty();
    }

    @Test
    default void strangers_are_not_contacts() {
        User alice = user("alice");
        User bob = user("bob");

        assertThat(store().areContacts(alice.id(), bob.id())).isFalse();
    }

    /**
     * {@code made}: the users made after "me", in order, as username:Name; {@code befriended}: in the
     * order "me" befriends them; {@code listed}: the contacts "me" must see, in order.
     */
    @ParameterizedTest(name = "contacts are sorted {0}")
    @CsvSource(delimiter = '|', textBlock = """
        # contacts are sorted ...                        | made                      | befriended | listed
        by name                                          | c1:Carol a3:Alice b2:Bob  | c1 a3 b2   | a3 b2 c1
        by name without regard to case                   | c1:Carol a3:alice b2:BOB  | c1 b2 a3   | a3 b2 c1
        by name without regard to case beyond ASCII too  | v1:Вера a1:анна b1:Борис  | v1 a1 b1   | a1 b1 v1
        """)
    default void contacts_are_sorted_by_name(String what, String made, String befriended, String listed) {
        User me = user("me");
        Map<String, User> users = new HashMap<>();
        for (String u : made.split(" ")) {
            String[] usernameAndName = u.split(":");
            users.put(usernameAndName[0], user(usernameAndName[0], usernameAndName[1]));
        }
        for (String username : befriended.split(" ")) befriend(me, users.get(username));

        List<User> expected = Stream.of(listed.split(" ")).map(users::get).toList();

        assertThat(store().contacts(me.id())).containsExactlyElementsOf(expected);
    }

    @Test
    default void contacts_lists_only_the_users_own_contacts() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User dave = user("dave");
        befriend(alice, bob);
        befriend(carol, dave);
        store().requestContact(alice.id(), carol.id(), tick());

        assertThat(store().contacts(alice.id())).containsExactly(bob);
        assertThat(store().contacts(carol.id())).containsExactly(dave);
    }

    @Test
    default void requests_list_every_pending_request_with_the_other_user_and_its_time() {
        User me = user("me");
        User a = user("a1");
        User b = user("b1");
        User c = user("c1");
        long t1 = tick();
        store().requestContact(a.id(), me.id(), t1);
        long t2 = tick();
        store().requestContact(b.id(), me.id(), t2);
        long t3 = tick();
        store().requestContact(me.id(), c.id(), t3);

        assertThat(store().incomingRequests(me.id()))
                .containsExactlyInAnyOrder(new ContactRequest(a, t1), new ContactRequest(b, t2));
        assertThat(store().outgoingRequests(me.id())).containsExactly(new ContactRequest(c, t3));
        assertThat(store().outgoingRequests(a.id())).containsExactly(new ContactRequest(me, t1));
    }

    /** Alice asked, Bob accepted. */
    @ParameterizedTest(name = "either side can end a contact, and it ends for both: {0} ends it")
    @ValueSource(strings = {"alice", "bob"})
    default void either_side_can_end_a_contact_and_it_ends_for_both(String who) {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        User ender = who.equals("alice") ? alice : bob;
        User other = ender == alice ? bob : alice;

        assertThat(store().removeContact(ender.id(), other.id())).isEqualTo(ContactRemoval.CONTACT_ENDED);

        assertThat(store().areContacts(alice.id(), bob.id())).isFalse();
        assertThat(store().areContacts(bob.id(), alice.id())).isFalse();
        assertThat(store().contacts(alice.id())).isEmpty();
        assertThat(store().contacts(bob.id())).isEmpty();
    }

    /** Alice asks Bob; she withdraws it, or he declines it. */
    @ParameterizedTest(name = "{0} a pending request removes it")
    @CsvSource({"withdrawing, alice", "declining, bob"})
    default void withdrawing_or_declining_a_pending_request_removes_it(String how, String who) {
        User alice = user("alice");
        User bob = user("bob");
        store().requestContact(alice.id(), bob.id(), tick());
        User remover = who.equals("alice") ? alice : bob;
        User other = remover == alice ? bob : alice;

        assertThat(store().removeContact(remover.id(), other.id())).isEqualTo(ContactRemoval.REQUEST_REMOVED);

        assertThat(store().outgoingRequests(alice.id())).isEmpty();
        assertThat(store().incomingRequests(bob.id())).isEmpty();
        assertThat(store().areContacts(alice.id(), bob.id())).isFalse();
    }

    @Test
    default void removing_when_there_is_nothing_between_two_users_is_nothing() {
        User alice = user("alice");
        User bob = user("bob");

        assertThat(store().removeContact(alice.id(), bob.id())).isEqualTo(ContactRemoval.NOTHING);
    }

    @Test
    default void removing_twice_is_nothing_the_second_time() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store().removeContact(alice.id(), bob.id());

        assertThat(store().removeContact(alice.id(), bob.id())).isEqualTo(ContactRemoval.NOTHING);
        assertThat(store().removeContact(bob.id(), alice.id())).isEqualTo(ContactRemoval.NOTHING);
    }

    @Test
    default void removing_leaves_the_users_other_contacts_and_requests_alone() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User dave = user("dave");
        befriend(alice, bob);
        befriend(alice, carol);
        store().requestContact(dave.id(), alice.id(), tick());

        store().removeContact(alice.id(), bob.id());

        assertThat(store().contacts(alice.id())).containsExactly(carol);
        assertThat(store().incomingRequests(alice.id())).extracting(ContactRequest::user).containsExactly(dave);
    }

    @Test
    default void after_a_contact_ended_a_new_request_is_pending_again() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store().removeContact(alice.id(), bob.id());

        assertThat(store().requestContact(bob.id(), alice.id(), tick())).isEqualTo(ContactRequestOutcome.REQUESTED);
        assertThat(store().requestContact(alice.id(), bob.id(), tick())).isEqualTo(ContactRequestOutcome.BECAME_CONTACTS);
    }
}
