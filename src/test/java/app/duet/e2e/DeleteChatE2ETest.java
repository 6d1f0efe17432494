package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

import java.util.List;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** Deleting a chat box removes it for its owner only, in all the owner's tabs; reads sync across tabs too. */
class DeleteChatE2ETest extends BrowserTestBase {

    @Test
    void deleting_a_chat_keeps_the_peers_copy_and_updates_the_owners_other_tabs() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(ann, bob.id(), "one");
        api.send(bob, ann.id(), "two");
        api.send(ann, bob.id(), "three");

        DuetPage annPage = signedInBrowser(ann);
        DuetPage bobPage = chatWith(bob, ann);
        bobPage.waitForMessage("three");

        // A second tab of Ann's (same cookie jar) follows what the first does.
        WebDriver d = annPage.driver;
        String firstTab = d.getWindowHandle();
        d.switchTo().newWindow(WindowType.TAB);
        String secondTab = d.getWindowHandle();
        d.get(server.baseUri() + "/");
        annPage.waitSignedIn();
        annPage.el(annPage.chatItem(bob.id()));
        assertThat(annPage.unreadBadge(bob.id())).isEqualTo(1);
        d.switchTo().window(firstTab);

        annPage.openChat(bob.id());
        annPage.waitForMessage("three");
        // Reading in the first tab clears the badge in the second (a "chat" event).
        d.switchTo().window(secondTab);
        annPage.until(x -> annPage.unreadBadge(bob.id()) == 0);
        d.switchTo().window(firstTab);
        annPage.el("delete-chat").click();
        assertThat(annPage.el("confirm-dialog").getText()).contains("Bob keeps their copy");
        Browsers.screenshot(annPage.driver, "07-delete-confirmation");
        annPage.el("confirm-ok").click();
        annPage.until(x -> x.findElements(annPage.chatItem(bob.id())).isEmpty());
        annPage.el("chat-empty");

        d.switchTo().window(secondTab);
        annPage.until(x -> x.findElements(annPage.chatItem(bob.id())).isEmpty());
        d.switchTo().window(firstTab);

        // Gone for Ann on the server, untouched for Bob.
        assertThat(api.chats(ann)).isEmpty();
        assertThat(api.fullHistory(bob, ann.id())).extracting(m -> m.path("text").asText()).containsExactly("one", "two", "three");
        assertThat(bobPage.messageData()).extracting(m -> m.get("text")).containsExactly("one", "two", "three");

        // A new message re-creates Ann's chat box with only that message.
        bobPage.send("are you there?");
        annPage.until(x -> annPage.unreadBadge(bob.id()) == 1);
        annPage.openChat(bob.id());
        annPage.waitForMessage("are you there?");
        assertThat(annPage.messageData()).extracting(m -> m.get("text")).containsExactly("are you there?");
        assertThat(annPage.driver.findElements(tid("message"))).hasSize(1);
        List.of(annPage, bobPage).forEach(BrowserTestBase::assertCleanConsole);

        // Both tabs share one session: signing out in one sends the other to the sign-in page
        // too, quietly: it was a deliberate sign-out, not a lost session (issue #10, defect 4).
        annPage.el("sign-out").click();
        annPage.el("auth-form");
        d.switchTo().window(secondTab);
        annPage.el("auth-form");
        assertThat(annPage.driver.findElement(tid("auth-error")).isDisplayed()).isFalse();
    }
}
