package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Searching a chat's messages from the chat menu: hits with the match highlighted, and their context. */
class MessageSearchE2ETest extends BrowserTestBase {

    @Test
    void a_chinese_word_is_found_inside_a_message_and_shown_with_the_messages_around_it() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session wang = api.register(username("wxm"), PASSWORD, "王小明");
        Session bob = api.register(username("bob"), PASSWORD, "Bob");
        api.makeContacts(ann, wang);
        api.makeContacts(ann, bob);
        api.send(bob, ann.id(), "See you tomorrow");
        api.send(wang, ann.id(), "下午好！");
        api.send(ann, wang.id(), "下午好，在忙吗？");
        api.send(wang, ann.id(), "我们今天晚饭吃什么");
        api.send(ann, wang.id(), "火锅怎么样？");
        api.send(wang, ann.id(), "好啊，晚饭七点见");
        api.send(ann, wang.id(), "好的");
        DuetPage page = chatWith(ann, wang);
        page.waitForMessage("好的");

        page.click(tid("chat-menu"));
        page.click(tid("menu-search"));
        page.fill("msg-search-input", "晚饭");
        List<WebElement> hits = page.until(d -> {
            List<WebElement> found = d.findElements(tid("msg-hit"));
            return found.size() == 2 ? found : null;
        });
        // Newest first, the match marked.
        assertThat(hits.get(0).findElement(tid("msg-hit-text")).getText()).isEqualTo("好啊，晚饭七点见");
        assertThat(hits.get(1).findElement(tid("msg-hit-text")).getText()).isEqualTo("我们今天晚饭吃什么");
        assertThat(hits.get(1).findElement(By.tagName("mark")).getText()).isEqualTo("晚饭");
        assertThat(page.el("msg-search-status").getText()).isEqualTo("2 found");

        // Choosing a hit shows its neighbours, and flashes it in the chat when it is drawn there.
        hits.get(1).findElement(By.cssSelector("button")).click();
        List<WebElement> context = page.until(d -> {
            List<WebElement> items = d.findElements(tid("msg-context-item"));
            return items.size() >= 5 ? items : null;
        });
        assertThat(context.stream().map(e -> e.getDomAttribute("data-seq")).toList()).contains(hits.get(1).getDomAttribute("data-seq"));
        assertThat(page.driver.findElements(By.cssSelector("#msg-search .msg-context-item.is-hit"))).hasSize(1);
        page.until(d -> !d.findElements(By.cssSelector("#message-list .msg-flash")).isEmpty());

        // In the chat list, "王" finds 王小明 too; then the picture for the README.
        page.fill("chat-search", "王");
        page.until(d -> d.findElements(By.cssSelector("#chat-list > li")).stream().filter(WebElement::isDisplayed).count() == 1);
        Browsers.screenshot(page.driver, "12-search");

        page.fill("msg-search-input", "早饭");
        page.until(d -> d.findElement(tid("msg-search-status")).getText().equals("No messages found."));
        page.el("msg-search-input").sendKeys(org.openqa.selenium.Keys.ESCAPE);
        page.until(d -> d.findElement(tid("msg-search")).getDomAttribute("hidden") != null);
        assertCleanConsole(page);
    }
}
