package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** A phone-sized screen shows one pane at a time; the language follows the browser and the user's choice. */
class PhoneAndLanguageE2ETest extends BrowserTestBase {

    @Test
    void a_phone_shows_one_pane_at_a_time_with_a_back_button() {
        Contacts c = contacts("Ann", "Bob Chen");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "Lunch at noon? Menu: https://example.com/menu");
        api.send(ann, bob.id(), "Sounds good!");
        api.send(bob, ann.id(), "Great, see you there.");

        DuetPage page = signedInBrowser(ann, 390, 844, "en-US");
        page.el(page.chatItem(bob.id()));
        assertThat(page.driver.findElement(By.id("sidebar")).isDisplayed()).isTrue();
        assertThat(page.driver.findElement(By.id("chat-pane")).isDisplayed()).isFalse();
        Browsers.screenshot(page.driver, "04-phone-chat-list");

        page.openChat(bob.id());
        page.waitForMessage("Great, see you there.");
        assertThat(page.driver.findElement(By.id("sidebar")).isDisplayed()).isFalse();
        assertThat(page.driver.findElement(By.id("chat-pane")).isDisplayed()).isTrue();
        assertThat(page.el("back").isDisplayed()).isTrue();
        Browsers.screenshot(page.driver, "04-phone-chat-page");

        page.el("back").click();
        page.until(d -> d.findElement(By.id("sidebar")).isDisplayed());
        assertThat(page.driver.findElement(By.id("chat-pane")).isDisplayed()).isFalse();
        // Focus returns to the chat the user came from.
        assertThat(page.driver.switchTo().activeElement().getDomAttribute("data-peer")).isEqualTo(String.valueOf(bob.id()));
        assertCleanConsole(page);
    }

    @Test
    void a_chinese_browser_gets_the_chinese_ui_and_the_choice_is_remembered() {
        Contacts c = contacts("安妮", "王小明");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "晚上一起吃饭吗？");

        DuetPage page = browser(390, 844, "zh-CN");
        assertThat(page.el("auth-title").getText()).isEqualTo("登录 Duet");
        Browsers.screenshot(page.driver, "06-phone-sign-in-chinese");
        page.signIn(ann.username(), PASSWORD);
        page.waitSignedIn();
        assertThat(page.el("tab-chats").getText()).startsWith("聊天");
        page.openChat(bob.id());
        page.waitForMessage("晚上一起吃饭吗？");
        page.send("好呀，七点见！");
        page.waitForMessage("好呀，七点见！");
        Browsers.screenshot(page.driver, "06-phone-chat-chinese");

        page.el("back").click();
        new Select(page.el("lang-select")).selectByValue("en");
        page.until(d -> d.findElement(By.cssSelector("[data-testid=tab-chats]")).getText().startsWith("Chats"));
        page.driver.navigate().refresh();
        page.waitSignedIn();
        assertThat(page.el("tab-chats").getText()).startsWith("Chats");
        assertCleanConsole(page);
    }
}
