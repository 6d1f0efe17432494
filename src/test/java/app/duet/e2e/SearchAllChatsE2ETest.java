package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * search-v2: the chat list's search box finds messages in every chat ("Messages" under the chat
 * rows), with the match highlighted, and a hit opens its chat at that message, loading back the
 * history as far as needed; at desktop and phone sizes, in English and Chinese.
 */
class SearchAllChatsE2ETest extends BrowserTestBase {

    private static List<WebElement> hits(DuetPage page, int n) {
        return page.until(d -> {
            List<WebElement> found = d.findElements(tid("msg-all-hit"));
            return found.size() == n && !d.findElement(tid("msg-search-all-status")).getText().contains("…") ? found : null;
        });
    }

    /** Whether the message with this seq is drawn, inside the visible part of the history, and flashed. */
    private static boolean shownAndFlashed(DuetPage page, long seq) {
        List<WebElement> el = page.driver.findElements(By.cssSelector("#message-list [data-seq='" + seq + "']"));
        return !el.isEmpty() && page.inView(el.get(0)) && el.get(0).getDomAttribute("class").contains("msg-flash");
    }

    @Test
    void a_word_found_in_two_chats_opens_the_older_chat_at_a_message_far_back() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session wang = api.register(username("wxm"), PASSWORD, "王小明");
        Session bob = api.register(username("bob"), PASSWORD, "Bob");
        api.makeContacts(ann, wang);
        api.makeContacts(ann, bob);
        JsonNode old = api.send(wang, ann.id(), "我们今天晚饭吃什么");
        for (int i = 0; i < 240; i++) api.send(i % 2 == 0 ? ann : wang, i % 2 == 0 ? wang.id() : ann.id(), "消息 " + i);
        api.send(bob, ann.id(), "晚饭 at seven? Dinner is on me");
        DuetPage page = signedInBrowser(ann);

        page.fill("chat-search", "晚饭");
        List<WebElement> found = hits(page, 2);
        assertThat(page.el("msg-search-all").findElement(By.tagName("h2")).getText()).isEqualToIgnoringCase("Messages");
        // newest first, each with its chat's name and the match marked
        assertThat(found.get(0).findElement(tid("msg-all-hit-peer")).getText()).isEqualTo("Bob");
        assertThat(found.get(1).findElement(tid("msg-all-hit-peer")).getText()).isEqualTo("王小明");
        assertThat(found.get(1).findElement(tid("msg-all-hit-text")).getText()).isEqualTo("我们今天晚饭吃什么");
        assertThat(found.get(1).findElement(By.tagName("mark")).getText()).isEqualTo("晚饭");
        assertThat(page.el("msg-search-all-status").getText()).isEqualTo("2 found");
        Browsers.screenshot(page.driver, "40-search-all-chats");
        Axe.assertNoSeriousViolations(page, "messages found in every chat (light)");
        Axe.colorScheme(page, "dark");
        page.until(d -> "dark".equals(d.findElement(By.tagName("html")).getDomAttribute("data-theme")));
        Axe.assertNoSeriousViolations(page, "messages found in every chat (dark)");
        Axe.colorScheme(page, "light");

        // the old one: 240 messages back, beyond the first page and the drawn window
        found.get(1).findElement(By.cssSelector("button")).click();
        page.until(d -> d.getCurrentUrl().endsWith("#/chat/" + wang.id()));
        long seq = old.path("seq").asLong();
        page.until(d -> shownAndFlashed(page, seq));
        assertThat(page.atBottom()).isFalse();

        // the other chat's hit, from the same list
        page.click(By.cssSelector("[data-testid='msg-all-hit'][data-peer='" + bob.id() + "'] button"));
        page.until(d -> d.getCurrentUrl().endsWith("#/chat/" + bob.id()));
        page.until(d -> !d.findElements(By.cssSelector("#message-list .msg-flash")).isEmpty());

        // three characters or more go through the index; nothing found says so; Esc clears it all
        page.fill("chat-search", "Dinner is");
        assertThat(hits(page, 1).get(0).findElement(By.tagName("mark")).getText()).isEqualTo("Dinner is");
        page.fill("chat-search", "早饭");
        page.until(d -> d.findElement(tid("msg-search-all-status")).getText().equals("No messages found."));
        page.el("chat-search").sendKeys(Keys.ESCAPE);
        page.until(d -> d.findElement(tid("msg-search-all")).getDomAttribute("hidden") != null);
        assertCleanConsole(page);
    }

    @Test
    void on_a_phone_in_chinese_a_hit_opens_the_chat_pane_at_the_message() {
        Session ann = api.register(username("ann"), PASSWORD, "安");
        Session li = api.register(username("li"), PASSWORD, "李雷");
        api.makeContacts(ann, li);
        JsonNode hit = api.send(li, ann.id(), "明天下午三点开会，别忘了带电脑");
        for (int i = 0; i < 80; i++) api.send(ann, li.id(), "好的 " + i);
        DuetPage page = signedInBrowser(ann, 390, 844, "zh-CN");

        page.fill("chat-search", "开会");
        List<WebElement> found = hits(page, 1);
        assertThat(page.el("msg-search-all").findElement(By.tagName("h2")).getText()).isEqualTo("聊天记录");
        assertThat(found.get(0).findElement(tid("msg-all-hit-peer")).getText()).isEqualTo("李雷");
        assertThat(page.el("msg-search-all-status").getText()).isEqualTo("找到 1 条");
        // the hit fits the phone's width
        assertThat(((Number) page.js("return arguments[0].getBoundingClientRect().right", found.get(0))).doubleValue())
                .isLessThanOrEqualTo(390);
        Browsers.screenshot(page.driver, "41-phone-search-all-chats");

        found.get(0).findElement(By.cssSelector("button")).click();
        page.el("chat-view");
        page.until(d -> shownAndFlashed(page, hit.path("seq").asLong()));
        assertThat(page.el("chat-view").isDisplayed()).isTrue();
        assertCleanConsole(page);
    }
}
