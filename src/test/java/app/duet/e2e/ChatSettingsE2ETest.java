package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

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
}
