package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, defect 3: a chat or contact list asked for before a peer came online, but answered
 * after the {@code presence} event said so, must not put "Offline" back.
 */
class PresenceOrderE2ETest extends BrowserTestBase {

    /**
     * Holds the answers to GET /api/chats and /api/contacts in the page (read from the server at
     * once, handed to the app only when the test says so), and counts the lists the store applied.
     */
    private static final String HOLD_LISTS = """
            const done = arguments[arguments.length - 1];
            const gate = { held: 0, applied: { chats: 0, contacts: 0 } };
            const opened = new Promise((r) => { gate.release = r; });
            window.__gate = gate;
            const original = window.fetch;
            window.fetch = async function (input, init) {
              const res = await original.call(this, input, init);
              const path = new URL(String(input), location.href).pathname;
              if (!/^\\/api\\/(chats|contacts)$/.test(path) || (init && init.method && init.method !== 'GET')) return res;
              const body = await res.text();   // the server's answer, taken now
              gate.held++;
              await opened;                    // and delivered later
              return new Response(body, { status: res.status, headers: res.headers });
            };
            import('/js/store.js').then((s) => {
              s.on('chats', () => gate.applied.chats++);
              s.on('contacts', () => gate.applied.contacts++);
              done(true);
            });
            """;

    @Test
    void a_list_answered_after_a_presence_event_does_not_overwrite_it() throws Exception {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(ann, bob.id(), "are you there?");

        DuetPage page = signedInBrowser(ann);
        By bobRow = page.chatItem(bob.id());
        page.until(d -> "false".equals(d.findElement(bobRow).getDomAttribute("data-online")));

        page.driver.executeAsyncScript(HOLD_LISTS);
        // A reconnect refetches both lists; their answers (Bob offline) are held in the page.
        page.js("window.dispatchEvent(new Event('offline')); window.dispatchEvent(new Event('online'));");
        page.until(d -> ((Number) page.js("return window.__gate.held;")).intValue() >= 2);
        page.until(d -> "online".equals(d.findElement(tid("connection-status")).getDomAttribute("data-state")));

        // Bob comes online for real: the presence event reaches Ann's page.
        try (WsClient bobSocket = WsClient.connect(server.wsUri()).as(bob).open()) {
            bobSocket.await("hello");
            page.until(d -> "true".equals(d.findElement(bobRow).getDomAttribute("data-online")));

            // Now the older answers arrive and are applied.
            page.js("window.__gate.applied.chats = 0; window.__gate.applied.contacts = 0; window.__gate.release();");
            page.until(d -> Boolean.TRUE.equals(page.js(
                    "return window.__gate.applied.chats > 0 && window.__gate.applied.contacts > 0;")));

            assertThat(page.attr(bobRow, "data-online")).isEqualTo("true");
            page.contactsTab();
            By contact = By.cssSelector("[data-testid='contact'][data-user='" + bob.id() + "']");
            assertThat(page.attr(contact, "data-online")).isEqualTo("true");
            page.chatsTab();
            page.openChat(bob.id());
            assertThat(page.text(tid("chat-peer-status"))).isEqualTo("Online");
        }
        assertCleanConsole(page);
    }
}
