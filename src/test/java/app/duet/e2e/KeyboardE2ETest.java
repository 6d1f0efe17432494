package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole path from signing in to replying works with the keyboard alone, and is announced. */
class KeyboardE2ETest extends BrowserTestBase {

    @Test
    void sign_in_switch_tabs_open_a_chat_and_reply_with_the_keyboard_only() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "ping");

        DuetPage page = browser();
        // The username field has the focus; Tab to the password, Enter submits.
        assertThat(active(page).getDomAttribute("data-testid")).isEqualTo("auth-username");
        keys(page, ann.username(), Keys.TAB, PASSWORD, Keys.ENTER);
        page.waitSignedIn();
        page.el(page.chatItem(bob.id()));

        // Arrow keys move between the tabs (one tab stop for the tab list).
        page.el("tab-chats").sendKeys(Keys.ARROW_RIGHT);
        page.until(d -> "true".equals(d.findElement(tid("tab-contacts")).getDomAttribute("aria-selected")));
        assertThat(active(page).getDomAttribute("data-testid")).isEqualTo("tab-contacts");
        keys(page, Keys.ARROW_LEFT);
        page.until(d -> "true".equals(d.findElement(tid("tab-chats")).getDomAttribute("aria-selected")));

        // Tab reaches the chat list's search box, then the chat; Enter opens it with the focus in the message box.
        keys(page, Keys.TAB);
        assertThat(active(page).getDomAttribute("data-testid")).isEqualTo("chat-search");
        keys(page, Keys.TAB);
        assertThat(active(page).getDomAttribute("data-testid")).isEqualTo("chat-item");
        keys(page, Keys.ENTER);
        page.waitForMessage("ping");
        page.until(d -> "composer-input".equals(active(page).getDomAttribute("data-testid")));
        keys(page, "pong", Keys.ENTER);
        page.waitForMessage("pong");
        assertThat(api.fullHistory(bob, ann.id())).extracting(m -> m.path("text").asText()).containsExactly("ping", "pong");

        // A new message is announced to screen readers through the live region.
        api.send(bob, ann.id(), "how are you?");
        page.until(d -> d.findElement(tid("announcer")).getDomProperty("textContent").contains("New message from Bob: how are you?"));
        assertThat(page.el("message-scroller").getDomAttribute("aria-label")).isEqualTo("Message history");

        // The open chat is in the address (#/chat/ID): a reload comes back to it.
        assertThat(page.driver.getCurrentUrl()).endsWith("#/chat/" + bob.id());
        page.driver.navigate().refresh();
        page.waitSignedIn();
        page.waitForMessage("how are you?");
        assertThat(page.el("chat-peer-name").getText()).isEqualTo("Bob");
        assertCleanConsole(page);
    }

    private static WebElement active(DuetPage page) {
        return page.driver.switchTo().activeElement();
    }

    private static void keys(DuetPage page, CharSequence... keys) {
        new Actions(page.driver).sendKeys(keys).perform();
    }
}
