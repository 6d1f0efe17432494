package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue #10, defect 7: right-to-left names, previews and messages are laid out right to left. */
class RightToLeftE2ETest extends BrowserTestBase {

    private static final String ARABIC_NAME = "سلمى";
    private static final String ARABIC_TEXT = "مرحبا، كيف حالك اليوم؟";

    @Test
    void arabic_names_previews_and_messages_read_right_to_left_next_to_english() {
        Contacts c = contacts("Ann", ARABIC_NAME);
        Session ann = c.ann(), bob = c.bob();
        api.send(ann, bob.id(), "Hello there");
        api.send(bob, ann.id(), ARABIC_TEXT);

        DuetPage page = signedInBrowser(ann);
        By row = page.chatItem(bob.id());
        page.until(d -> ARABIC_TEXT.equals(d.findElement(row).findElement(tid("chat-item-preview")).getText()));
        assertThat(direction(page, page.driver.findElement(row).findElement(tid("chat-item-name")))).isEqualTo("rtl");
        assertThat(direction(page, page.driver.findElement(row).findElement(tid("chat-item-preview")))).isEqualTo("rtl");

        page.openChat(bob.id());
        assertThat(direction(page, page.el("chat-peer-name"))).isEqualTo("rtl");
        WebElement arabic = page.waitForMessage(ARABIC_TEXT).findElement(tid("message-text"));
        WebElement english = page.waitForMessage("Hello there").findElement(tid("message-text"));
        assertThat(direction(page, arabic)).isEqualTo("rtl");
        assertThat(direction(page, english)).isEqualTo("ltr");

        page.contactsTab();
        WebElement name = page.el(By.cssSelector("[data-testid='contact'][data-user='" + bob.id() + "'] [data-testid='contact-name']"));
        assertThat(direction(page, name)).isEqualTo("rtl");
        assertCleanConsole(page);
    }

    private static String direction(DuetPage page, WebElement el) {
        return (String) page.js("return getComputedStyle(arguments[0]).direction;", el);
    }
}
