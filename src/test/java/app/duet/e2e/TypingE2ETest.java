package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, defect 8: "typing…" ends at the peer when the box is emptied or the message sent
 * (a stop signal), and a keystroke inside the send interval is signalled when the interval ends.
 */
class TypingE2ETest extends BrowserTestBase {

    /** Records every frame the page sends over its WebSocket(s), in order. */
    private static final String RECORD_SENT = """
            window.__sent = [];
            const original = WebSocket.prototype.send;
            WebSocket.prototype.send = function (data) { window.__sent.push(String(data)); return original.call(this, data); };
            """;

    @SuppressWarnings("unchecked")
    private static List<String> typingFrames(DuetPage page) {
        return (List<String>) page.js("return window.__sent.filter((s) => JSON.parse(s).type === 'typing');");
    }

    @Test
    void typing_starts_stops_when_the_box_is_emptied_or_sent_and_no_keystroke_is_swallowed() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "hi Ann");
        DuetPage bobPage = chatWith(bob, ann);
        DuetPage annPage = chatWith(ann, bob);
        bobPage.until(d -> "online".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));
        annPage.js(RECORD_SENT);

        WebElement input = annPage.el("composer-input");
        input.sendKeys("h");
        annPage.until(d -> typingFrames(annPage).size() == 1);
        bobPage.until(d -> "typing".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));
        // A second keystroke inside the interval is signalled when the interval ends, not dropped.
        input.sendKeys("i");
        annPage.until(d -> typingFrames(annPage).size() == 2);
        assertThat(typingFrames(annPage)).allSatisfy(f -> assertThat(f).doesNotContain("active"));

        // Emptying the box stops "typing…" at the peer.
        input.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE);
        annPage.until(d -> typingFrames(annPage).size() == 3);
        assertThat(typingFrames(annPage).get(2)).contains("\"active\":false");
        bobPage.until(d -> "online".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));

        // Typing again shows at once; sending the message stops it before the message goes.
        input.sendKeys("hello Bob");
        bobPage.until(d -> "typing".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));
        input.sendKeys(Keys.ENTER);
        bobPage.waitForMessage("hello Bob");
        bobPage.until(d -> "online".equals(d.findElement(tid("chat-peer-status")).getDomAttribute("data-state")));
        @SuppressWarnings("unchecked")
        List<String> types = (List<String>) annPage.js(
                "return window.__sent.map((s) => JSON.parse(s)).filter((f) => f.type !== 'ping')"
                + ".map((f) => f.type + (f.active === false ? ':stop' : ''));");
        assertThat(types.subList(types.size() - 2, types.size())).containsExactly("typing:stop", "send");
        assertCleanConsole(annPage);
        assertCleanConsole(bobPage);
    }
}
