package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** The emoji picker: searchable in English and Chinese, inserts at the caret, keyboard friendly. */
class EmojiPickerE2ETest extends BrowserTestBase {

    private static By emoji(String e) { return By.cssSelector("[data-testid='emoji'][data-emoji='" + e + "']"); }

    @Test
    void search_in_either_language_and_insert_at_the_caret_on_the_desktop() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "Happy new year!");
        DuetPage page = chatWith(ann, bob);
        page.el("composer-input").sendKeys("Thanks ");

        page.click(tid("emoji-button"));
        page.el("emoji-picker");
        assertThat(page.attr(tid("emoji-button"), "aria-expanded")).isEqualTo("true");
        page.el(emoji("😀"));
        Browsers.screenshot(page.driver, "13-emoji-picker");
        page.el("emoji-search").sendKeys("thumbs");
        page.el(emoji("👍"));
        assertThat(page.driver.findElements(emoji("🧧"))).isEmpty();
        page.fill("emoji-search", "红包");   // Chinese keywords work with the English interface
        page.el(emoji("🧧"));
        page.click(emoji("🧧"));
        page.until(d -> !d.findElement(tid("emoji-picker")).isDisplayed());
        page.until(d -> "Thanks 🧧".equals(d.findElement(tid("composer-input")).getDomProperty("value")));
        page.until(d -> "composer-input".equals(d.switchTo().activeElement().getDomAttribute("data-testid")));

        // Enter in the search picks the first match and does not send; Esc closes only the picker.
        page.click(tid("emoji-button"));
        page.el("emoji-search").sendKeys("party popper", Keys.ENTER);
        page.until(d -> "Thanks 🧧🎉".equals(d.findElement(tid("composer-input")).getDomProperty("value")));
        page.click(tid("emoji-button"));
        page.el("emoji-search").sendKeys(Keys.ESCAPE);
        page.until(d -> !d.findElement(tid("emoji-picker")).isDisplayed());
        assertThat(page.el("chat-view").isDisplayed()).as("Esc in the picker leaves the chat open").isTrue();
        page.el("composer-input").sendKeys(Keys.ENTER);
        page.waitForMessage("Thanks 🧧🎉");
        assertCleanConsole(page);
    }

    @Test
    void english_keywords_find_emoji_named_in_chinese_on_a_phone() {
        Contacts c = contacts("安", "博");
        api.send(c.bob(), c.ann().id(), "早上好");
        DuetPage page = signedInBrowser(c.ann(), 390, 844, "zh-CN");
        page.openChat(c.bob().id());
        page.click(tid("emoji-button"));
        page.el("emoji-search").sendKeys("coffee");
        assertThat(page.attr(emoji("☕"), "aria-label")).isEqualTo("咖啡");
        page.fill("emoji-search", "没有这种表情");
        assertThat(page.el(By.id("emoji-empty")).getText()).isEqualTo("没有找到表情。");
        assertCleanConsole(page);
    }
}
