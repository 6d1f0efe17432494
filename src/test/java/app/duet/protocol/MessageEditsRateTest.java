package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Extension, message edits: recalls and deletions for me count against the send rate, refused or not. */
class MessageEditsRateTest extends ProtocolTestBase {
    private static final int BURST = 3;

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.sendRatePerSecond(0.2).sendBurst(BURST);
    }

    @Test
    void a_flood_of_edits_is_refused_with_rate_limited_and_changes_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        JsonNode m = api.send(bob, alice.id(), "keep me"); // bob's budget, not alice's
        for (int i = 0; i < BURST; i++) {
            assertError(api.delete("/api/chats/" + bob.id() + "/messages/99").as(alice).send(), 404, "no_such_message");
        }
        assertError(api.delete("/api/chats/" + bob.id() + "/messages/" + m.path("seq").asLong()).as(alice).send(), 429, "rate_limited");
        assertError(api.post("/api/chats/" + bob.id() + "/messages/1/recall").as(alice).send(), 429, "rate_limited");
        assertThat(seqs(api.history(alice, bob.id()).path("messages"))).containsExactly(1L);
    }
}
