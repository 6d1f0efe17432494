package app.duet.storage;

import app.duet.model.Attachment;
import app.duet.model.Message;
import app.duet.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: uploads (V5). A pending upload belongs
 * to its owner until a send claims it, in the message's own transaction; who may read it follows the
 * copies that hold its message; erasing messages (deleting a box, recall) erases their uploads.
 */
public interface AttachmentsContract extends StoreFixture {

    private static Attachment file(String id, long size) {
        return new Attachment(id, id + ".txt", size, "text/plain; charset=utf-8", Attachment.FILE, 0, 0);
    }

    private static Attachment picture(String id) {
        return new Attachment(id, id + ".png", 1234, "image/png", Attachment.IMAGE, 64, 48);
    }

    /** A finished, pending upload of {@code owner}. */
    private Attachment uploaded(User owner, Attachment a) {
        long at = tick();
        store().createUpload(new Upload(new Attachment(a.id(), a.name(), a.size(), "application/octet-stream", Upload.UPLOADING, 0, 0),
                owner.id(), at, null));
        assertThat(store().finishUpload(new Upload(a, owner.id(), at, null))).isTrue();
        return a;
    }

    private AppendOutcome appendWith(User from, User to, String text, String clientId, Attachment... attachments) {
        return store().appendMessages(List.of(new NewMessage(from.id(), to.id(), text, clientId, tick(), List.of(attachments)))).getFirst();
    }

    @Test
    default void an_upload_being_stored_is_not_offered_and_a_finished_one_is_pending_for_its_owner() {
        User alice = user("alice");
        store().createUpload(new Upload(new Attachment("AAAAAAAAAAAAAAAAAAAAA1", "a", 50, "application/octet-stream",
                Upload.UPLOADING, 0, 0), alice.id(), tick(), null));
        assertThat(store().uploadsOf(alice.id(), List.of("AAAAAAAAAAAAAAAAAAAAA1"))).isEmpty();
        assertThat(store().readableUpload("AAAAAAAAAAAAAAAAAAAAA1", alice.id())).isEmpty();
        assertThat(store().pendingUploads(alice.id())).isEqualTo(new PendingUploads(1, 50));

        Attachment done = file("AAAAAAAAAAAAAAAAAAAAA1", 40);
        assertThat(store().finishUpload(new Upload(done, alice.id(), tick(), null))).isTrue();
        assertThat(store().uploadsOf(alice.id(), List.of("AAAAAAAAAAAAAAAAAAAAA1"))).singleElement()
                .satisfies(u -> {
                    assertThat(u.attachment()).isEqualTo(done);
                    assertThat(u.pending()).isTrue();
                });
        assertThat(store().pendingUploads(alice.id())).isEqualTo(new PendingUploads(1, 40));
        assertThat(store().readableUpload(done.id(), alice.id())).isPresent();
        assertThat(store().existingUploads(List.of(done.id(), "nope"))).containsExactly(done.id());
    }

    @Test
    default void a_send_claims_its_uploads_in_order_and_both_copies_show_them() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Attachment a = uploaded(alice, picture("BBBBBBBBBBBBBBBBBBBBB1"));
        Attachment b = uploaded(alice, file("BBBBBBBBBBBBBBBBBBBBB2", 10));

        AppendOutcome out = appendWith(alice, bob, "", "cid-1", b, a);
        assertThat(out).isInstanceOf(AppendOutcome.Stored.class);
        Message m = ((AppendOutcome.Stored) out).message();
        assertThat(m.attachments()).containsExactly(b, a);
        assertThat(m.text()).isEmpty();
        assertThat(newest(bob, alice, 10).messages()).containsExactly(m);
        assertThat(newest(alice, bob, 10).messages()).containsExactly(m);
        assertThat(chat(bob, alice).lastMessage()).isEqualTo(m);
        assertThat(store().listChats(bob.id()).getFirst().lastMessage()).isEqualTo(m);
        assertThat(store().pendingUploads(alice.id())).isEqualTo(new PendingUploads(0, 0));
        assertThat(store().readableUpload(a.id(), bob.id())).isPresent();
        assertThat(store().readableUpload(a.id(), alice.id())).isPresent();
        // a resend with the same clientId returns the first message, attachments and all
        AppendOutcome again = appendWith(alice, bob, "", "cid-1");
        assertThat(again).isEqualTo(new AppendOutcome.Duplicate(m));
        // a plain message has none
        assertThat(send(alice, bob, "plain").attachments()).isEmpty();
    }

    @Test
    default void a_send_naming_an_upload_that_is_not_the_senders_pending_one_is_refused_and_stores_nothing() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Attachment bobs = uploaded(bob, file("CCCCCCCCCCCCCCCCCCCCC1", 5));
        assertThat(appendWith(alice, bob, "x", null, bobs))
                .isEqualTo(new AppendOutcome.Rejected(AppendOutcome.Reason.UPLOAD_UNAVAILABLE));
        Attachment mine = uploaded(alice, file("CCCCCCCCCCCCCCCCCCCCC2", 5));
        assertThat(appendWith(alice, bob, "x", null, mine)).isInstanceOf(AppendOutcome.Stored.class);
        // already claimed: not a second time
        assertThat(appendWith(alice, bob, "y", null, mine))
                .isEqualTo(new AppendOutcome.Rejected(AppendOutcome.Reason.UPLOAD_UNAVAILABLE));
        assertThat(newest(bob, alice, 10).messages()).hasSize(1);
        assertThat(send(alice, bob, "next").seq()).isEqualTo(2); // no seq was used up
        assertThat(store().uploadsOf(bob.id(), List.of(bobs.id()))).singleElement().satisfies(u -> assertThat(u.pending()).isTrue());
    }

    @Test
    default void only_a_copy_that_holds_the_message_reads_its_files() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        Attachment a = uploaded(alice, file("DDDDDDDDDDDDDDDDDDDDD1", 5));
        assertThat(store().readableUpload(a.id(), bob.id())).isEmpty(); // pending: its owner's only
        Message m = ((AppendOutcome.Stored) appendWith(alice, bob, "x", null, a)).message();
        assertThat(store().readableUpload(a.id(), carol.id())).isEmpty();
        assertThat(store().readableUpload(a.id(), bob.id())).isPresent();
        // hidden for Bob (delete-for-me): not his to read any more; Alice still reads it
        runSql("INSERT INTO hidden_messages (owner_id, message_id) VALUES (" + bob.id() + ", " + m.id() + ")");
        assertThat(store().readableUpload(a.id(), bob.id())).isEmpty();
        assertThat(store().readableUpload(a.id(), alice.id())).isPresent();
        runSql("DELETE FROM hidden_messages");
        // Bob deletes his box: his copy is gone, and a new box starts after the message
        assertThat(store().deleteChatErasingFiles(bob.id(), alice.id())).contains(List.of());
        assertThat(store().readableUpload(a.id(), bob.id())).isEmpty();
        send(alice, bob, "again");
        assertThat(store().readableUpload(a.id(), bob.id())).isEmpty();
        assertThat(store().readableUpload(a.id(), alice.id())).isPresent();
    }

    @Test
    default void deleting_the_last_copy_erases_the_uploads_of_the_messages_it_erases() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Attachment a = uploaded(alice, file("EEEEEEEEEEEEEEEEEEEEE1", 5));
        Attachment b = uploaded(bob, picture("EEEEEEEEEEEEEEEEEEEEE2"));
        appendWith(alice, bob, "x", null, a);
        appendWith(bob, alice, "y", null, b);
        assertThat(store().deleteChatErasingFiles(alice.id(), bob.id())).contains(List.of());
        assertThat(store().existingUploads(List.of(a.id(), b.id()))).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(store().deleteChatErasingFiles(bob.id(), alice.id())).hasValueSatisfying(
                ids -> assertThat(ids).containsExactlyInAnyOrder(a.id(), b.id()));
        assertThat(store().existingUploads(List.of(a.id(), b.id()))).isEmpty();
        assertThat(store().deleteChatErasingFiles(bob.id(), alice.id())).isEmpty();
    }

    @Test
    default void erasing_a_messages_files_keeps_the_message() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Attachment a = uploaded(alice, file("FFFFFFFFFFFFFFFFFFFFF1", 5));
        Message m = ((AppendOutcome.Stored) appendWith(alice, bob, "x", null, a)).message();
        assertThat(store().eraseMessageFiles(m.id())).containsExactly(a.id());
        assertThat(store().eraseMessageFiles(m.id())).isEmpty();
        assertThat(newest(bob, alice, 10).messages()).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo(m.id());
            assertThat(x.attachments()).isEmpty();
        });
        assertThat(store().readableUpload(a.id(), bob.id())).isEmpty();
    }

    @Test
    default void the_sweeper_gets_old_pending_uploads_and_those_whose_message_an_older_node_erased() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Attachment old = uploaded(alice, file("GGGGGGGGGGGGGGGGGGGGG1", 5));
        long cut = tick();
        Attachment fresh = uploaded(alice, file("GGGGGGGGGGGGGGGGGGGGG2", 5));
        Attachment sent = uploaded(alice, file("GGGGGGGGGGGGGGGGGGGGG3", 5));
        Message m = ((AppendOutcome.Stored) appendWith(alice, bob, "x", null, sent)).message();
        assertThat(store().sweepableUploads(cut, 10)).extracting(Upload::id).containsExactly(old.id());
        // a version 4 node deletes boxes without knowing of uploads: the message goes, its upload row stays
        runSql("DELETE FROM messages WHERE id = " + m.id());
        assertThat(store().sweepableUploads(cut, 10)).extracting(Upload::id).containsExactlyInAnyOrder(old.id(), sent.id());
        assertThat(store().readableUpload(sent.id(), alice.id())).isEmpty();
        assertThat(store().deleteUpload(old.id())).isTrue();
        assertThat(store().deleteUpload(old.id())).isFalse();
        assertThat(store().sweepableUploads(cut, 10)).extracting(Upload::id).containsExactly(sent.id());
        assertThat(store().existingUploads(List.of(fresh.id()))).containsExactly(fresh.id());
        // an upload a message holds is never deleted as if it were unsent
        Attachment held = uploaded(alice, file("GGGGGGGGGGGGGGGGGGGGG4", 5));
        appendWith(alice, bob, "y", null, held);
        assertThat(store().deleteUpload(held.id())).isFalse();
        assertThat(store().readableUpload(held.id(), bob.id())).isPresent();
    }
}
