package app.duet.storage;

import app.duet.model.AccountSummary;
import app.duet.model.AuditEntry;
import app.duet.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: administration ({@code duet user ...}):
 * disabling an account ends its sessions and refuses it, enabling lets it back, a password reset and
 * a revocation end every session, and each action commits with its audit entry.
 */
public interface AdminContract extends StoreFixture {

    @Test
    default void disabling_ends_every_session_and_is_in_the_log_enabling_lets_the_account_back() {
        User alice = user("alice");
        User bob = user("bob");
        session("a1", alice, tick());
        session("a2", alice, tick());
        session("b1", bob, tick());
        long before = store().lastAuditId();

        List<String> ended = store().setDisabled(alice.id(), true, AuditEntry.of(tick(), "op", "user.disable", alice.id(), "alice")).orElseThrow();

        assertThat(ended).containsExactlyInAnyOrder("id-a1", "id-a2");
        assertThat(store().findSession(token("a1"))).isEmpty();
        assertThat(store().findSession(token("b1"))).isPresent();
        assertThat(store().findCredentials("alice").orElseThrow().disabled()).isTrue();
        assertThat(store().findCredentials("bob").orElseThrow().disabled()).isFalse();
        // a session made meanwhile (a login racing the disable) is no live session either
        session("a3", alice, tick());
        assertThat(store().findSession(token("a3"))).isEmpty();
        List<AuditEntry> log = store().auditLog(before, 10);
        assertThat(log).extracting(AuditEntry::action, AuditEntry::userId, AuditEntry::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple("user.disable", alice.id(), "op"));
        assertThat(store().accounts("", 10)).extracting(a -> a.user().username(), AccountSummary::disabled)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", true), org.assertj.core.groups.Tuple.tuple("bob", false));

        assertThat(store().setDisabled(alice.id(), false, AuditEntry.of(tick(), "op", "user.enable", alice.id(), "alice"))).contains(List.of());
        assertThat(store().findCredentials("alice").orElseThrow().disabled()).isFalse();
        assertThat(store().findSession(token("a3"))).isPresent();
        assertThat(store().auditLog(before, 10)).extracting(AuditEntry::action).containsExactly("user.disable", "user.enable");
        assertThat(store().lastAuditId()).isEqualTo(store().auditLog(before, 10).getLast().id());
        assertThat(store().latestAudit(2)).extracting(AuditEntry::action).containsExactly("user.disable", "user.enable");
    }

    @Test
    default void a_password_reset_and_a_revocation_end_every_session_and_a_missing_user_changes_nothing() {
        User alice = user("alice");
        session("a1", alice, tick());
        long before = store().lastAuditId();

        assertThat(store().resetPassword(alice.id(), "new-hash", AuditEntry.of(tick(), "op", "user.reset-password", alice.id(), ""))
                .orElseThrow()).containsExactly("id-a1");
        assertThat(store().findCredentials("alice").orElseThrow().passwordHash()).isEqualTo("new-hash");
        session("a2", alice, tick());
        assertThat(store().revokeSessions(alice.id(), AuditEntry.of(tick(), "op", "user.revoke-sessions", alice.id(), "")))
                .containsExactly("id-a2");
        assertThat(store().sessionsOf(alice.id())).isEmpty();

        assertThat(store().setDisabled(alice.id() + 999, true, AuditEntry.of(tick(), "op", "user.disable", null, ""))).isEmpty();
        assertThat(store().resetPassword(alice.id() + 999, "h", AuditEntry.of(tick(), "op", "user.reset-password", null, ""))).isEmpty();
        assertThat(store().auditLog(before, 10)).extracting(AuditEntry::action).containsExactly("user.reset-password", "user.revoke-sessions");
        assertThat(store().accounts("alice", 10)).isEmpty();   // after the last username
    }

    @Test
    default void one_account_is_read_by_id_with_when_it_was_made() {
        User alice = user("alice");
        session("a1", alice, tick());

        AccountSummary a = store().account(alice.id()).orElseThrow();

        assertThat(a.user()).isEqualTo(alice);
        assertThat(a.createdAt()).isEqualTo(store().accounts("", 10).getFirst().createdAt()).isPositive();
        assertThat(a.sessions()).isEqualTo(1);
        assertThat(a.disabled()).isFalse();
        assertThat(store().account(alice.id() + 999)).isEmpty();
    }
}
