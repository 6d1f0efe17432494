package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import static app.duet.e2e.DuetPage.serverUnread;
import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, defect 1: a chat with 200 unread messages, whose read mark lies further back than
 * the newest page, opens at the first unread message under an "N unread messages" divider,
 * and only what has been on screen is reported read. The jump-to-bottom button carries the
 * count of what is still unread below.
 */
class UnreadDividerE2ETest extends BrowserTestBase {
    static final int OLD = 20;
    static final int UNREAD = 200;

    /** Bob wrote OLD messages that Ann read, then UNREAD more that she has not seen. */
    static Contacts seeded() {
        Contacts c = contacts("Ann", "Bob");
        JsonNode last = null;
        for (int i = 1; i <= OLD; i++) last = api.send(c.bob(), c.ann().id(), "old " + i);
        api.read(c.ann(), c.bob().id(), last.path("seq").asLong()).expect(204);
        for (int i = 1; i <= UNREAD; i++) api.send(c.bob(), c.ann().id(), "new " + i);
        assertThat(serverUnread(api, c.ann(), c.bob().id())).isEqualTo(UNREAD);
        return c;
    }

    @Test
    void a_chat_with_200_unread_opens_at_its_divider_and_marks_read_only_what_was_seen() {
        Contacts c = seeded();
        Session ann = c.ann(), bob = c.bob();
        DuetPage page = signedInBrowser(ann);
        page.openChat(bob.id());

        WebElement divider = page.el("unread-divider");
        assertThat(divider.getText()).isEqualTo("200 unread messages");
        page.until(d -> page.inView(page.el("unread-divider")));
        WebElement first = page.until(d -> page.messageWithText("new 1"));
        assertThat(page.inView(first)).as("the first unread message is on screen").isTrue();
        assertThat(page.messageWithText("old " + OLD)).as("the last read one sits just above the divider").isNotNull();
        WebElement newest = page.messageWithText("new " + UNREAD);
        assertThat(newest == null || !page.inView(newest)).as("the newest is not on screen").isTrue();

        // What is on screen is read, the rest stays unread, on the server too.
        page.until(d -> serverUnread(api, ann, bob.id()) < UNREAD);
        // The jump-to-bottom button shows what is unread below, as the server counts it.
        page.until(d -> page.el("jump-new").isDisplayed());
        page.until(d -> String.valueOf(serverUnread(api, ann, bob.id())).equals(page.el("jump-count").getText()));
        assertThat(serverUnread(api, ann, bob.id())).as("still unread after opening").isGreaterThan(UNREAD - 60);
        Browsers.screenshot(page.driver, "30-chat-opened-at-unread-divider");
        // Using it reads the rest.
        page.el("jump-new").click();
        page.until(d -> page.atBottom());
        page.until(d -> serverUnread(api, ann, bob.id()) == 0);
        page.until(d -> !page.driver.findElement(tid("jump-new")).isDisplayed());
        // The divider stays where the unread messages began until the chat is left.
        assertThat(page.driver.findElements(tid("unread-divider"))).hasSizeLessThanOrEqualTo(1);
        assertCleanConsole(page);
    }

    @Test
    void on_a_phone_in_chinese_the_divider_is_in_view_and_the_button_counts_what_is_below() {
        Contacts c = seeded();
        Session ann = c.ann(), bob = c.bob();
        DuetPage page = signedInBrowser(ann, 390, 844, "zh-CN");
        page.openChat(bob.id());

        WebElement divider = page.el("unread-divider");
        assertThat(divider.getText()).isEqualTo("以下为 200 条新消息");
        page.until(d -> page.inView(page.el("unread-divider")));
        assertThat(page.inView(page.until(d -> page.messageWithText("new 1")))).isTrue();
        page.until(d -> serverUnread(api, ann, bob.id()) < UNREAD);
        assertThat(serverUnread(api, ann, bob.id())).isGreaterThan(UNREAD - 40);
        page.until(d -> page.el("jump-new").isDisplayed());
        assertThat(page.el("jump-new").getDomAttribute("aria-label")).contains("条未读");

        // Reading on by scrolling down reads more, but only as far as the screen went.
        int before = serverUnread(api, ann, bob.id());
        page.js("arguments[0].scrollTop += arguments[0].clientHeight;", page.scroller());
        page.until(d -> serverUnread(api, ann, bob.id()) < before);
        assertThat(serverUnread(api, ann, bob.id())).isGreaterThan(0);
        assertCleanConsole(page);
    }
}
