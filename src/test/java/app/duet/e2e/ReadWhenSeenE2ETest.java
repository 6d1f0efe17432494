package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static app.duet.e2e.DuetPage.serverUnread;
import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, defect 2: a message is read only once it was in the viewport while the window had
 * the focus. Scrolled up, a new message stays unread (the sender keeps one tick); a visible
 * window without the focus leaves it unread too, and then notifies and counts it in the title.
 */
class ReadWhenSeenE2ETest extends BrowserTestBase {

    /** Ann has read a long history with Bob: her chat opens at the bottom. */
    static Contacts readHistory(int n) {
        Contacts c = contacts("Ann", "Bob");
        JsonNode last = null;
        for (int i = 1; i <= n; i++) last = api.send(c.bob(), c.ann().id(), "line " + i);
        api.read(c.ann(), c.bob().id(), last.path("seq").asLong()).expect(204);
        return c;
    }

    @Test
    void scrolled_up_a_new_message_is_not_read_until_it_is_scrolled_into_view() {
        Contacts c = readHistory(120);
        Session ann = c.ann(), bob = c.bob();
        DuetPage annPage = chatWith(ann, bob);
        DuetPage bobPage = chatWith(bob, ann);
        annPage.waitForMessage("line 120");
        annPage.until(d -> annPage.atBottom());
        assertThat(annPage.driver.findElement(tid("jump-new")).isDisplayed()).as("no button at the bottom").isFalse();

        // 2,000 px up, then Bob writes: the new message arrives below the view, unseen.
        annPage.js("arguments[0].scrollTop = arguments[0].scrollHeight - arguments[0].clientHeight - 2000;", annPage.scroller());
        annPage.until(d -> !annPage.atBottom());
        bobPage.send("are you there?");
        annPage.waitForMessage("are you there?");
        bobPage.until(d -> List.of("sent", "read").contains(lastOwnState(bobPage)));
        pause(Duration.ofSeconds(1));   // time enough for a read to be reported, if one were
        assertThat(serverUnread(api, ann, bob.id())).as("unseen, so unread").isEqualTo(1);
        assertThat(lastOwnState(bobPage)).as("Bob sees one tick, not two").isEqualTo("sent");
        // The jump-to-bottom button shows, with the one unread below.
        annPage.until(d -> annPage.el("jump-new").isDisplayed());
        annPage.until(d -> "1".equals(annPage.el("jump-count").getText()));

        // Down to it: now it is seen, read on the server, and Bob sees the double tick.
        annPage.el("jump-new").click();
        annPage.until(d -> annPage.atBottom());
        annPage.until(d -> serverUnread(api, ann, bob.id()) == 0);
        bobPage.until(d -> "read".equals(lastOwnState(bobPage)));
        annPage.until(d -> !annPage.driver.findElement(tid("jump-new")).isDisplayed());
        assertCleanConsole(annPage);
        assertCleanConsole(bobPage);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_visible_window_without_focus_does_not_read_but_notifies_and_counts() {
        Contacts c = readHistory(3);
        Session ann = c.ann(), bob = c.bob();
        DuetPage page = chatWith(ann, bob);
        page.waitForMessage("line 3");
        page.until(x -> x.getTitle().equals("Duet"));
        page.js("window.__notes = [];"
                + "window.Notification = class { constructor(title, o) { window.__notes.push({title, body: o.body}); }"
                + "  close() {} static get permission() { return 'granted'; }"
                + "  static requestPermission() { return Promise.resolve('granted'); } };");

        page.setWindowFocus(false);
        api.send(bob, ann.id(), "look at this");
        page.waitForMessage("look at this");
        page.until(x -> x.getTitle().equals("(1) Duet"));
        List<Map<String, Object>> notes = (List<Map<String, Object>>) page.until(x -> {
            Object n = page.js("return window.__notes;");
            return ((List<?>) n).isEmpty() ? null : n;
        });
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0)).containsEntry("title", "Bob").containsEntry("body", "look at this");
        assertThat(serverUnread(api, ann, bob.id())).as("not focused, so not read").isEqualTo(1);

        // The window gets the focus back: the message on screen is read.
        page.setWindowFocus(true);
        page.until(x -> serverUnread(api, ann, bob.id()) == 0);
        page.until(x -> x.getTitle().equals("Duet"));
        assertCleanConsole(page);
    }

    private static String lastOwnState(DuetPage p) {
        return (String) p.js("const m = [...document.querySelectorAll('[data-testid=message][data-own=true]')].pop();"
                + "return m ? m.dataset.state : null;");
    }
}
