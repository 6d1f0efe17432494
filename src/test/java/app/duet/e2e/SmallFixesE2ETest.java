package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue #10, defect 10: the smaller things a real user hit. */
class SmallFixesE2ETest extends BrowserTestBase {

    private static String preview(DuetPage page, long peer) {
        return page.until(d -> d.findElement(page.chatItem(peer)).findElement(tid("chat-item-preview")).getText());
    }

    private static boolean hasVisibleH1(DuetPage page) {
        return Boolean.TRUE.equals(page.js(
                "return [...document.querySelectorAll('h1')].some((h) => !h.closest('[hidden]'));"));
    }

    @Test
    void drafts_waiting_messages_esc_one_tab_stop_and_an_h1_on_the_desktop() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session bob = api.register(username("bob"), PASSWORD, "Bob");
        Session carol = api.register(username("carol"), PASSWORD, "Carol");
        api.makeContacts(ann, bob);
        api.makeContacts(ann, carol);
        api.send(bob, ann.id(), "from Bob");
        api.send(carol, ann.id(), "from Carol");

        DuetPage page = browser();
        assertThat(hasVisibleH1(page)).as("an h1 on the sign-in screen").isTrue();
        page.signIn(ann.username(), PASSWORD);
        page.waitSignedIn();
        assertThat(hasVisibleH1(page)).as("an h1 on the chats screen").isTrue();

        // One Tab stop for the whole chat list; arrows move between the rows.
        page.el(page.chatItem(bob.id()));
        page.el(page.chatItem(carol.id()));
        page.until(d -> ((Number) page.js(
                "return document.querySelectorAll('.chat-item[tabindex=\"0\"]').length;")).intValue() == 1);
        WebElement first = page.driver.findElements(tid("chat-item")).get(0);
        first.sendKeys(Keys.ARROW_DOWN);
        WebElement second = page.driver.findElements(tid("chat-item")).get(1);
        page.until(d -> second.equals(d.switchTo().activeElement()));
        assertThat(second.getDomProperty("tabIndex")).isEqualTo("0");
        assertThat(first.getDomProperty("tabIndex")).isEqualTo("-1");

        // A draft shows in the list as "[Draft] …" and survives a reload.
        page.openChat(bob.id());
        page.el("composer-input").sendKeys("half a thought");
        page.openChat(carol.id());
        page.until(d -> "[Draft] half a thought".equals(preview(page, bob.id())));
        page.driver.navigate().refresh();
        page.waitSignedIn();
        page.until(d -> "[Draft] half a thought".equals(preview(page, bob.id())));
        page.openChat(bob.id());
        page.until(d -> "half a thought".equals(d.findElement(tid("composer-input")).getDomProperty("value")));
        page.el("composer-input").sendKeys(Keys.ENTER);
        page.waitForMessage("half a thought");

        // A message waiting to be sent is the chat's newest line in the list.
        page.driver.executeCdpCommand("Network.enable", Map.of());
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        page.openChat(carol.id());
        page.send("sent from a tunnel");
        page.until(d -> "You: sent from a tunnel".equals(preview(page, carol.id())));
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        page.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-state=sending]")).isEmpty());

        // Esc closes the chat on the desktop too.
        page.el("composer-input").sendKeys(Keys.ESCAPE);
        page.el("chat-empty");
        page.until(d -> !d.getCurrentUrl().contains("#/chat/"));
        assertCleanConsole(page);
    }

    @Test
    void a_box_made_after_a_delete_says_it_is_the_start_of_this_copy() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "old news");
        api.delete("/api/chats/" + bob.id()).as(ann).send().expect(204);
        api.send(bob, ann.id(), "back again");

        DuetPage page = chatWith(ann, bob);
        page.waitForMessage("back again");
        page.until(d -> "start".equals(d.findElement(tid("history-status")).getDomAttribute("data-state")));
        assertThat(page.text(tid("history-status")))
                .isEqualTo("Your copy of this chat starts here: you deleted the earlier messages.");
    }

    @Test
    void the_chinese_start_of_a_conversation_and_the_lockout_message_say_what_is_true() {
        Contacts c = contacts("安", "博");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "你好");
        DuetPage page = signedInBrowser(ann, DESKTOP_W, DESKTOP_H, "zh-CN");
        page.openChat(bob.id());
        page.until(d -> "start".equals(d.findElement(tid("history-status")).getDomAttribute("data-state")));
        // It sits above the first message: "this is the start", not "above is the start".
        assertThat(page.text(tid("history-status"))).isEqualTo("这是你们对话的开始。");

        // Five wrong passwords lock the username for a minute (the server's default): say how long
        // is left, from the refusal's Retry-After, in either language.
        for (int i = 0; i < 5; i++) api.loginRaw(bob.username(), "wrong password " + i);
        DuetPage other = browser();
        other.signIn(bob.username(), PASSWORD);
        // (The error shows once the answer is in: wait for it, not for the first text the element has.)
        // Any count of seconds up to the minute: on a busy machine the browsers' starts can take
        // a good part of it (CI once saw the Chinese page ask after more than ten seconds).
        other.until(d -> d.findElement(tid("auth-error")).getText().matches(".*Try again in ([1-9]|[1-5]\\d|60) seconds?\\."));
        DuetPage chinese = browser(DESKTOP_W, DESKTOP_H, "zh-CN");
        chinese.signIn(bob.username(), PASSWORD);
        chinese.until(d -> d.findElement(tid("auth-error")).getText().matches(".*请([1-9]|[1-5]\\d|60) ?秒钟后再试。"));
    }

    @Test
    void at_400_percent_zoom_a_long_draft_leaves_the_history_room() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "hello");
        DuetPage page = chatWith(ann, bob);
        // 1280x800 at 400% zoom is a 320x200 CSS pixel window.
        page.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", 320, "height", 200, "deviceScaleFactor", 1, "mobile", false));
        WebElement input = page.el("composer-input");
        for (int i = 0; i < 20; i++) input.sendKeys("line " + i, Keys.chord(Keys.SHIFT, Keys.ENTER));
        @SuppressWarnings("unchecked")
        List<Number> heights = (List<Number>) page.js(
                "return [document.getElementById('message-scroller').clientHeight, document.getElementById('composer').offsetHeight];");
        assertThat(heights.get(0).intValue()).as("history height vs the composer's " + heights.get(1))
                .isGreaterThanOrEqualTo(heights.get(1).intValue());
    }
}
