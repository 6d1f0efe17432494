package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two people, two browsers: sign up, become contacts, chat both ways, badges, receipts, safety. */
class ChatFlowE2ETest extends BrowserTestBase {

    @Test
    void two_people_sign_up_become_contacts_and_chat_with_unread_badges_and_read_receipts() {
        DuetPage ann = browser();
        Browsers.screenshot(ann.driver, "01-sign-in");

        // Errors come back in words a person understands.
        ann.signIn("nobody_" + System.nanoTime() % 100000, "wrong password!");
        assertThat(ann.el("auth-error").getText()).isEqualTo("Wrong username or password.");

        String a = username("ann");
        String b = username("bob");
        ann.signUp(a, "Ann Lee", PASSWORD);
        ann.waitSignedIn();
        assertThat(ann.el("me-name").getText()).isEqualTo("Ann Lee");

        DuetPage bob = browser();
        bob.signUp(a, "Impostor", PASSWORD);
        assertThat(bob.el("auth-error").getText()).isEqualTo("That username is already taken. Try another one.");
        bob.signUp(b, "Bob Chen", PASSWORD);
        bob.waitSignedIn();

        // Contacts: search, request, accept.
        ann.requestContact(b);
        bob.until(d -> d.findElement(tid("requests-badge")).isDisplayed());
        bob.contactsTab();
        bob.el(By.cssSelector("[data-testid='incoming-request'][data-username='" + a + "']"));
        Browsers.screenshot(bob.driver, "03-contact-request");
        bob.acceptRequest(a);
        long bobId = Long.parseLong(ann.attr(By.cssSelector("[data-testid='contact'][data-username='" + b + "']"), "data-user"));
        long annId = Long.parseLong(bob.attr(By.cssSelector("[data-testid='contact'][data-username='" + a + "']"), "data-user"));
        ann.until(d -> "true".equals(d.findElement(By.cssSelector("[data-testid='contact'][data-username='" + b + "']")).getDomAttribute("data-online")));

        // Accepting opened Bob's chat with Ann (issue #10); Esc closes it. Ann writes while Bob
        // looks at his chat list: unread badge and tab title count.
        bob.el("chat-view");
        bob.el("composer-input").sendKeys(Keys.ESCAPE);
        bob.el("chat-empty");
        bob.chatsTab();
        ann.openChatFromContacts(b);
        ann.send("Hello Bob!");
        ann.send("Our notes are at https://example.com/notes?id=7, see you.");
        ann.waitForMessage("Hello Bob!");
        ann.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-state=sent]")).size() == 2);

        bob.until(d -> bob.unreadBadge(annId) == 2);
        assertThat(bob.text(By.cssSelector("[data-testid='chat-item'][data-peer='" + annId + "'] [data-testid='unread-badge']"))).isEqualTo("2");
        bob.until(d -> d.getTitle().startsWith("(2)"));
        assertThat(bob.text(By.cssSelector("[data-testid='chat-item'][data-peer='" + annId + "'] [data-testid='chat-item-preview']")))
                .isEqualTo("Our notes are at https://example.com/notes?id=7, see you.");

        // Bob opens the chat: it is read, the badge goes, Ann sees read receipts.
        bob.openChat(annId);
        bob.waitForMessage("Hello Bob!");
        assertThat(bob.el("unread-divider").getText()).isEqualTo("2 unread messages");
        assertThat((Boolean) bob.js("const d = document.querySelector('[data-testid=unread-divider]');"
                + "return d.nextElementSibling.textContent.includes('Hello Bob!');")).isTrue();
        bob.until(d -> bob.unreadBadge(annId) == 0);
        bob.until(d -> !d.getTitle().startsWith("("));
        ann.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-state=read]")).size() == 2);

        // The link is a real, safe link; the rest stays text.
        WebElement link = bob.waitForMessage("Our notes are at https://example.com/notes?id=7, see you.")
                .findElement(By.cssSelector("a"));
        assertThat(link.getDomProperty("href")).isEqualTo("https://example.com/notes?id=7");
        assertThat(link.getText()).isEqualTo("https://example.com/notes?id=7");
        assertThat(link.getDomAttribute("rel")).isEqualTo("noopener noreferrer");
        assertThat(link.getDomAttribute("target")).isEqualTo("_blank");

        // Typing indicator, then a two-line reply (Shift+Enter) from Bob.
        WebElement input = bob.el("composer-input");
        input.sendKeys("Thanks");
        ann.until(d -> "typing".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));
        input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER), "see you at 5", Keys.ENTER);
        ann.waitForMessage("Thanks\nsee you at 5");
        ann.until(d -> !"typing".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));
        // Ann has the chat open, so Bob's reply is read at once.
        bob.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-own=true][data-state=read]")).size() == 1);
        assertThat(ann.unreadBadge(bobId)).isZero();

        // Both see the same history, each message once, in seq order.
        List<Map<String, Object>> annSees = ann.messageData();
        List<Map<String, Object>> bobSees = bob.messageData();
        assertThat(annSees).extracting(m -> m.get("text")).containsExactly(
                "Hello Bob!", "Our notes are at https://example.com/notes?id=7, see you.", "Thanks\nsee you at 5");
        assertThat(bobSees).extracting(m -> m.get("seq")).containsExactlyElementsOf(
                annSees.stream().map(m -> m.get("seq")).toList());

        // Character counter near the limit.
        ann.js("const t = document.querySelector('[data-testid=composer-input]');"
                + "t.value = 'x'.repeat(3990); t.dispatchEvent(new Event('input', {bubbles: true}));");
        assertThat(ann.el("char-counter").getText()).isEqualTo("10 characters left");
        ann.js("const t = document.querySelector('[data-testid=composer-input]');"
                + "t.value = 'x'.repeat(4005); t.dispatchEvent(new Event('input', {bubbles: true}));");
        assertThat(ann.el("char-counter").getText()).isEqualTo("5 characters too many");
        assertThat(ann.el("send").isEnabled()).isFalse();
        ann.js("const t = document.querySelector('[data-testid=composer-input]');"
                + "t.value = ''; t.dispatchEvent(new Event('input', {bubbles: true}));");

        // Two more people write to Ann, so the list shows badges and an order (latest first).
        Session annApi = api.login(a, PASSWORD);
        Session carol = api.register(username("carol"), PASSWORD, "Carol Diaz");
        Session fang = api.register(username("fang"), PASSWORD, "王芳");
        api.makeContacts(annApi, carol);
        api.makeContacts(annApi, fang);
        api.send(carol, annApi.id(), "Are we still on for Saturday?");
        api.send(fang, annApi.id(), "周末一起去爬山吗？");
        api.send(fang, annApi.id(), "天气预报说是晴天 ☀️");
        ann.chatsTab();
        ann.until(d -> ann.unreadBadge(fang.id()) == 2 && ann.unreadBadge(carol.id()) == 1);
        assertThat(ann.driver.findElements(tid("chat-item"))).extracting(e -> e.getDomAttribute("data-peer"))
                .containsExactly(String.valueOf(fang.id()), String.valueOf(carol.id()), String.valueOf(bobId));
        ann.until(d -> d.getTitle().equals("(3) Duet"));
        Browsers.screenshot(ann.driver, "02-chats-and-chat-page");

        ann.contactsTab();
        ann.fill("user-search", b.substring(0, 3));
        ann.el(By.cssSelector("[data-testid='search-result'][data-username='" + b + "']"));
        Browsers.screenshot(ann.driver, "03-contacts-search");
        ann.fill("user-search", "");

        // The UI speaks Chinese on request, and back.
        new Select(ann.el("lang-select")).selectByValue("zh-CN");
        ann.until(d -> "聊天".equals(d.findElement(By.cssSelector("#tab-chats [data-i18n]")).getText()));
        ann.chatsTab();
        Browsers.screenshot(ann.driver, "05-chinese-ui");
        assertThat(ann.el("send").getText()).isEqualTo("发送");
        new Select(ann.el("lang-select")).selectByValue("en");
        ann.until(d -> "Chats".equals(d.findElement(By.cssSelector("#tab-chats [data-i18n]")).getText()));

        // Sign out leads back to the sign-in page, and Bob sees Ann go offline.
        assertThat(bob.attr(tid("chat-peer-status"), "data-state")).isEqualTo("online");
        ann.el("sign-out").click();
        ann.el("auth-form");
        bob.until(d -> "offline".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));
        bob.until(d -> "false".equals(d.findElement(bob.chatItem(annId)).getDomAttribute("data-online")));

        assertCleanConsole(ann);
        assertCleanConsole(bob);
    }

    @Test
    void html_in_messages_is_shown_as_literal_text() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "hi");
        DuetPage annPage = signedInBrowser(ann);
        DuetPage bobPage = signedInBrowser(bob);

        String script = "<script>alert(1)</script>";
        String img = "<img src=x onerror=alert(1)>";
        String jsLink = "javascript:alert(1) and <a href=\"javascript:alert(2)\">x</a>";
        annPage.openChat(bob.id());
        annPage.send(script);
        annPage.send(img);
        annPage.send(jsLink);

        bobPage.openChat(ann.id());
        for (String text : List.of(script, img, jsLink)) {
            bobPage.waitForMessage(text);
            assertThat(bobPage.countMessages(text)).isEqualTo(1);
        }
        for (DuetPage p : List.of(annPage, bobPage)) {
            assertThat(p.driver.findElements(By.cssSelector("[data-testid=message-list] img"))).isEmpty();
            assertThat(p.driver.findElements(By.cssSelector("[data-testid=message-list] script"))).isEmpty();
            assertThat(p.driver.findElements(By.cssSelector("[data-testid=message-list] a"))).isEmpty();
            assertThatThrownBy(() -> p.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            assertThat(p.driver.getTitle()).doesNotContain("<");
        }
        // The chat list preview is text too.
        assertThat(bobPage.text(By.cssSelector("[data-testid='chat-item'][data-peer='" + ann.id() + "'] [data-testid='chat-item-preview']")))
                .isEqualTo(jsLink);

        // When the contact ends, the chat stays readable, says why sending stops, and a
        // refused message is marked as not sent with a way to retry or discard it.
        api.removeContact(bob, ann.id()).expect(204);
        annPage.until(d -> d.findElement(tid("chat-notice")).isDisplayed());
        assertThat(annPage.el("chat-notice").getText()).contains("not contacts any more");
        annPage.send("still there?");
        annPage.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-state=failed]")).size() == 1);
        assertThat(annPage.el(By.cssSelector("[data-testid=message][data-state=failed]")).getText())
                .contains("Not sent").contains("You can only message your contacts.");
        Browsers.screenshot(annPage.driver, "09-not-contacts");
        annPage.click(tid("discard"));
        annPage.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-state=failed]")).isEmpty());
        assertThat(api.fullHistory(ann, bob.id())).extracting(m -> m.path("text").asText()).doesNotContain("still there?");

        assertCleanConsole(annPage);
        assertCleanConsole(bobPage);
    }
}
