package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §2.1: too many contact requests in a short time get {@code 429 rate_limited}, and a
 * declined request cannot be sent again at once; accepting a request is never limited.
 */
class ContactRequestFloodTest extends ProtocolTestBase {
    private static final int BURST = DuetConfig.DEFAULTS.contactRequestBurst();

    @Test
    void a_stranger_cycling_request_and_withdraw_notifies_the_victim_at_most_the_burst() {
        Session stranger = api.newUser(), victim = api.newUser();
        WsClient v1 = ws(victim);
        int refused = 0;
        for (int i = 0; i < 200; i++) {
            Response r = api.requestContact(stranger, victim.id());
            if (r.status() == 429) {
                assertError(r, 429, "rate_limited");
                refused++;
            } else {
                assertThat(r.status()).isEqualTo(202);
            }
            api.removeContact(stranger, victim.id()).expect(204);
        }
        v1.barrier();
        int notified = v1.frames("contact_request").size();
        System.out.printf("contact request flood: %d of 200 requests notified the victim, %d refused%n", notified, refused);
        assertThat(notified).isLessThanOrEqualTo(BURST + 1);
        assertThat(refused).isGreaterThanOrEqualTo(200 - BURST - 1);
        assertThat(api.contactRequests(victim).path("incoming")).as("nothing stored for a refused request").isEmpty();
    }

    @Test
    void accepting_a_request_is_not_limited_even_with_an_empty_bucket() {
        Session spammer = api.newUser(), friend = api.newUser();
        for (int i = 0; i < BURST; i++) api.requestContact(spammer, api.newUser().id()).expect(202);
        assertError(api.requestContact(spammer, api.newUser().id()), 429, "rate_limited");

        api.requestContact(friend, spammer.id()).expect(202);
        api.requestContact(spammer, friend.id()).expect(200);
        api.requestContact(spammer, friend.id()).expect(200); // asking an existing contact
    }

    @Test
    void a_declined_sender_cannot_ask_again_during_the_cooldown_but_can_accept_a_request_from_the_decliner() {
        Session a = api.newUser(), b = api.newUser();
        WsClient b1 = ws(b);
        api.requestContact(a, b.id()).expect(202);
        b1.await("contact_request");
        api.removeContact(b, a.id()).expect(204); // b declines

        assertError(api.requestContact(a, b.id()), 429, "rate_limited");
        b1.barrier();
        assertThat(b1.frames("contact_request")).as("no second notification").hasSize(1);
        assertThat(api.contactRequests(b).path("incoming")).isEmpty();

        // b changes their mind: a may accept
        api.requestContact(b, a.id()).expect(202);
        api.requestContact(a, b.id()).expect(200);
    }

    @Test
    void withdrawing_ones_own_request_is_no_decline() {
        Session a = api.newUser(), b = api.newUser();
        api.requestContact(a, b.id()).expect(202);
        api.removeContact(a, b.id()).expect(204); // a withdraws
        api.requestContact(a, b.id()).expect(202);
    }
}
