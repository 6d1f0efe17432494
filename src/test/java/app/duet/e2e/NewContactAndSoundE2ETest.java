package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Accepting a request opens the new contact's chat with a drawn note; the optional sound. */
class NewContactAndSoundE2ETest extends BrowserTestBase {

    /** Counts the oscillators the page starts: one chime is two of them. */
    private static final String COUNT_SOUNDS = """
            window.__tones = 0;
            const original = AudioContext.prototype.createOscillator;
            AudioContext.prototype.createOscillator = function () { window.__tones++; return original.call(this); };
            """;

    private void acceptOpensTheChatWithANote(int width, int height, String language, String note) {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session carol = api.register(username("carol"), PASSWORD, "Carol");
        api.requestContact(carol, ann.id()).expect(202);
        DuetPage page = signedInBrowser(ann, width, height, language);
        page.contactsTab();
        page.click(By.cssSelector("[data-testid='incoming-request'][data-username='" + carol.username() + "'] [data-testid='accept-request']"));
        page.until(d -> d.getCurrentUrl().endsWith("#/chat/" + carol.id()));
        page.el("chat-view");
        page.until(d -> "empty".equals(d.findElement(tid("history-status")).getDomAttribute("data-state")));
        assertThat(page.text(tid("history-status"))).isEqualTo(note);
        assertThat(page.messages()).isEmpty();
        assertThat(api.fullHistory(ann, carol.id())).as("the note is not a stored message").isEmpty();
        assertCleanConsole(page);
    }

    @Test
    void accepting_a_request_opens_the_chat_saying_you_are_now_contacts_on_the_desktop() {
        acceptOpensTheChatWithANote(DESKTOP_W, DESKTOP_H, "en-US", "You are now contacts. Say hello!");
    }

    @Test
    void accepting_a_request_opens_the_chat_saying_you_are_now_contacts_on_a_phone_in_chinese() {
        acceptOpensTheChatWithANote(390, 844, "zh-CN", "你们已经是联系人了，打个招呼吧！");
    }

    @Test
    void the_sound_is_off_by_default_and_the_account_panel_switch_turns_it_on() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        DuetPage page = signedInBrowser(ann);
        page.js(COUNT_SOUNDS);

        api.send(bob, ann.id(), "quiet one");
        page.until(d -> page.unreadBadge(bob.id()) == 1);
        assertThat(((Number) page.js("return window.__tones;")).intValue()).as("off by default").isZero();

        page.openAccount();
        assertThat(page.el("sound-toggle").isSelected()).isFalse();
        page.click(tid("sound-toggle"));
        page.click(tid("account-close"));
        api.send(bob, ann.id(), "loud one");
        page.until(d -> ((Number) page.js("return window.__tones;")).intValue() > 0);

        page.driver.navigate().refresh();
        page.waitSignedIn();
        page.openAccount();
        assertThat(page.el("sound-toggle").isSelected()).as("kept across a reload").isTrue();
        assertCleanConsole(page);
    }
}
