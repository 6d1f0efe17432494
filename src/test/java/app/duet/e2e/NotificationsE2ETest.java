package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the tab is hidden, a new message raises a notification and badges the title and favicon,
 * even in the open chat; it is read only once the tab is seen again.
 */
class NotificationsE2ETest extends BrowserTestBase {

    @Test
    @SuppressWarnings("unchecked")
    void a_hidden_tab_gets_a_notification_and_an_unread_title_and_favicon() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        DuetPage page = signedInBrowser(ann);
        assertThat(page.driver.getTitle()).isEqualTo("Duet");
        api.send(ann, bob.id(), "hi Bob");
        page.openChat(bob.id());
        page.waitForMessage("hi Bob");

        // Headless Chromium cannot show a permission prompt: stand in for the Notification API
        // as if the user had allowed it, recording what the client asks it to show.
        page.js("window.__notes = [];"
                + "window.Notification = class { constructor(title, o) {"
                + "  window.__notes.push({title, body: o.body, visibility: document.visibilityState}); }"
                + "  close() {} static get permission() { return 'granted'; }"
                + "  static requestPermission() { return Promise.resolve('granted'); } };");

        // Headless tabs always report "visible", so hide this one the way the browser would:
        // visibilityState says hidden and a visibilitychange event fires.
        page.js("Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});"
                + "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
                + "document.dispatchEvent(new Event('visibilitychange'));");

        api.send(bob, ann.id(), "psst, are you there?");
        page.until(x -> x.getTitle().equals("(1) Duet"));
        String favicon = (String) page.js("return document.getElementById('favicon').getAttribute('href');");
        assertThat(favicon).startsWith("data:image/png;base64,");
        List<Map<String, Object>> notes = (List<Map<String, Object>>) page.until(x -> {
            Object n = page.js("return window.__notes;");
            return ((List<?>) n).isEmpty() ? null : n;
        });
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0)).containsEntry("title", "Bob").containsEntry("body", "psst, are you there?")
                .containsEntry("visibility", "hidden");

        // The message is in the open chat, but nobody saw it: not read yet.
        assertThat(api.fullHistory(bob, ann.id())).hasSize(2);
        assertThat(api.chats(ann).get(0).path("unread").asInt()).isEqualTo(1);

        // Back in view: the open chat is read at once, the title and favicon lose the count.
        page.js("delete document.visibilityState; delete document.hidden;"
                + "document.dispatchEvent(new Event('visibilitychange'));");
        page.until(x -> x.getTitle().equals("Duet"));
        page.until(x -> api.chats(ann).get(0).path("unread").asInt() == 0);
        assertThat((String) page.js("return document.getElementById('favicon').getAttribute('href');")).isEqualTo("/favicon.svg");
        assertCleanConsole(page);
    }
}
