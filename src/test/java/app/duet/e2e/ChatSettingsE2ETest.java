package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.List;
import java.util.Map;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Pin, mute and mark unread from the chat menu, agreed on by a second device; last seen instead of "Offline". */
class ChatSettingsE2ETest extends BrowserTestBase {

    private static List<String> rowOrder(DuetPage page) {
        return page.driver.findElements(By.cssSelector("#chat-list > li")).stream().map(li -> li.getDomAttribute("data-peer")).toList();
    }

    private static String rowData(DuetPage page, long peer, String name) {
        return page.driver.findElement(page.chatItem(peer)).getDomAttribute("data-" + name);
    }

    @Test
    void pinning_muting_and_marking_unread_show_in_the_list_and_on_another_device() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session bob = api.register(username("bob"), PASSWORD, "Bob");
        Session cat = api.register(username("cat"), PASSWORD, "Cat");
        api.makeContacts(ann, bob);
        api.makeContacts(ann, cat);
        api.send(bob, ann.id(), "older");
        api.send(cat, ann.id(), "newer");   // Cat's chat is on top by activity
        DuetPage page = signedInBrowser(ann);
        DuetPage other = signedInBrowser(ann);
        page.until(d -> rowOrder(page).equals(List.of(String.valueOf(cat.id()), String.valueOf(bob.id()))));

        page.openChat(bob.id());
        page.click(tid("chat-menu"));
        page.click(tid("menu-pin"));
        page.until(d -> rowOrder(page).getFirst().equals(String.valueOf(bob.id())));
        other.until(d -> rowOrder(other).getFirst().equals(String.valueOf(bob.id())));

        page.click(tid("chat-menu"));
        page.click(tid("menu-mute"));
        other.until(d -> "true".equals(rowData(other, bob.id(), "muted")));
        // A new message in a muted chat (not open anywhere, so not read at once): a grey badge.
        page.openChat(cat.id());
        api.send(bob, ann.id(), "while muted");
        WebElement badge = other.until(d -> d.findElement(other.chatItem(bob.id())).findElement(tid("unread-badge")));
        assertThat(badge.getAttribute("class")).contains("is-muted");
        assertThat(badge.getCssValue("background-color")).isEqualTo("rgba(138, 138, 138, 1)");

        // Mark unread: the chat closes, its row keeps a dot on both devices until it is opened again.
        page.openChat(bob.id());
        page.click(tid("chat-menu"));
        page.click(tid("menu-mark-unread"));
        page.until(d -> d.findElement(tid("chat-view")).getDomAttribute("hidden") != null);
        page.el(By.cssSelector("[data-testid='chat-item'][data-peer='" + bob.id() + "'] [data-testid='marked-unread-badge']"));
        other.until(d -> "true".equals(rowData(other, bob.id(), "marked-unread")));
        other.openChat(bob.id());
        page.until(d -> "false".equals(rowData(page, bob.id(), "marked-unread")));

        // The server keeps it all: a fresh load says the same.
        page.driver.navigate().refresh();
        page.waitSignedIn();
        page.until(d -> !d.findElements(page.chatItem(bob.id())).isEmpty());
        assertThat(rowOrder(page).getFirst()).isEqualTo(String.valueOf(bob.id()));
        assertThat(rowData(page, bob.id(), "pinned")).isEqualTo("true");
        assertThat(rowData(page, bob.id(), "muted")).isEqualTo("true");
        assertCleanConsole(page);
        assertCleanConsole(other);
    }

    @Test
    void an_offline_contact_shows_when_they_were_last_seen_in_both_languages() {
        Contacts c = contacts("Ann", "Bob");
        api.send(c.bob(), c.ann().id(), "hi");
        DuetPage bob = signedInBrowser(c.bob());
        DuetPage ann = chatWith(c.ann(), c.bob());
        ann.until(d -> d.findElement(tid("chat-peer-status")).getText().equals("Online"));
        bob.driver.quit();   // Bob's last connection closes
        String[] seen = {""};
        try {
            ann.until(d -> (seen[0] = d.findElement(tid("chat-peer-status")).getText()).equals("last seen just now"));
        } catch (RuntimeException e) {
            throw new AssertionError("status line said: " + seen[0] + "; lastSeen state: "
                    + ann.js("return JSON.stringify([...document.querySelectorAll('#chat-peer-status')].map(e => e.dataset.state))"), e);
        }
        ann.contactsTab();
        ann.until(d -> d.findElement(By.cssSelector("[data-testid='contact'][data-username='" + c.bob().username() + "'] [data-testid='contact-status']"))
                .getText().contains("last seen just now"));

        DuetPage zh = signedInBrowser(c.ann(), DESKTOP_W, DESKTOP_H, "zh-CN");
        zh.openChat(c.bob().id());
        zh.until(d -> d.findElement(tid("chat-peer-status")).getText().startsWith("最后在线："));
        assertCleanConsole(ann);
    }

    @Test
    void a_chat_list_row_has_the_same_settings_by_right_click_keyboard_and_long_press() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session bob = api.register(username("bob"), PASSWORD, "Bob");
        Session cat = api.register(username("cat"), PASSWORD, "Cat");
        api.makeContacts(ann, bob);
        api.makeContacts(ann, cat);
        api.send(bob, ann.id(), "older");
        api.send(cat, ann.id(), "newer");
        DuetPage page = signedInBrowser(ann);
        page.until(d -> rowOrder(page).equals(List.of(String.valueOf(cat.id()), String.valueOf(bob.id()))));

        // Right click on Bob's row: his chat's menu, without opening the chat; Pin puts him on top.
        new Actions(page.driver).contextClick(page.el(page.chatItem(bob.id()))).perform();
        WebElement menu = page.el(tid("row-menu"));
        assertThat(menu.getDomAttribute("data-peer")).isEqualTo(String.valueOf(bob.id()));
        assertThat(menu.findElements(tid("menu-search"))).as("acts on the open chat: header only").isEmpty();
        menu.findElement(tid("menu-pin")).click();
        page.until(d -> rowOrder(page).getFirst().equals(String.valueOf(bob.id())));
        assertThat(page.driver.findElements(tid("row-menu"))).isEmpty();
        assertThat(page.driver.findElement(tid("chat-view")).getDomAttribute("hidden")).as("no chat opened").isNotNull();

        // Keyboard: Shift+F10 on a focused row, arrows to Mute, Enter; Esc gives focus back to the row.
        page.el(page.chatItem(cat.id())).sendKeys(Keys.chord(Keys.SHIFT, Keys.F10));
        page.until(d -> "menu-pin".equals(d.switchTo().activeElement().getDomAttribute("data-testid")));
        page.driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        assertThat(page.driver.switchTo().activeElement().getDomAttribute("data-testid")).isEqualTo("menu-mute");
        page.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        page.until(d -> "true".equals(rowData(page, cat.id(), "muted")));
        page.el(page.chatItem(cat.id())).sendKeys(Keys.chord(Keys.SHIFT, Keys.F10));
        page.until(d -> !d.findElements(tid("row-menu")).isEmpty());
        page.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        page.until(d -> d.findElements(tid("row-menu")).isEmpty());
        assertThat(page.driver.switchTo().activeElement().getDomAttribute("data-peer")).isEqualTo(String.valueOf(cat.id()));

        // A phone: a long press on a row opens the menu, and does not open the chat.
        DuetPage phone = signedInBrowser(ann, 390, 844, "zh-CN");
        phone.until(d -> !d.findElements(phone.chatItem(bob.id())).isEmpty());
        phone.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 1));
        @SuppressWarnings("unchecked")
        Map<String, Number> at = (Map<String, Number>) phone.js(
                "const r = arguments[0].getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2};",
                phone.el(phone.chatItem(bob.id())));
        List<Map<String, Object>> point = List.of(Map.of("x", at.get("x"), "y", at.get("y")));
        phone.driver.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchStart", "touchPoints", point));
        phone.until(d -> !d.findElements(tid("row-menu")).isEmpty());
        phone.driver.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
        assertThat(phone.el(tid("row-menu")).findElement(tid("menu-unpin")).getText()).isEqualTo("取消置顶");
        assertThat(phone.driver.findElement(tid("chat-view")).getDomAttribute("hidden")).as("no chat opened").isNotNull();
        phone.el(tid("row-menu")).findElement(tid("menu-unpin")).click();
        phone.until(d -> "false".equals(rowData(phone, bob.id(), "pinned")));
        assertCleanConsole(page);
        assertCleanConsole(phone);
    }
}
