package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** Scrolling back through a long history: older pages load, the view stays put, nothing doubles. */
class HistoryScrollE2ETest extends BrowserTestBase {
    static final int TOTAL = 320;

    @Test
    void scrolling_up_loads_older_pages_without_jumps_or_duplicates() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        for (int i = 1; i <= TOTAL; i++) {
            if (i % 3 == 0) api.send(ann, bob.id(), "message " + i);
            else api.send(bob, ann.id(), "message " + i);
        }

        DuetPage page = chatWith(ann, bob);
        page.waitForMessage("message " + TOTAL);
        int firstPage = page.messages().size();
        assertThat(firstPage).isBetween(40, 120);   // a page, not everything
        // The newest message is in view at the bottom.
        assertThat((Boolean) page.js("const s = arguments[0]; return s.scrollHeight - s.scrollTop - s.clientHeight < 5;",
                page.el("message-scroller"))).isTrue();

        int rounds = 0;
        while (!"start".equals(page.driver.findElement(tid("history-status")).getDomAttribute("data-state")) || rounds == 0) {
            assertThat(rounds++).as("pages loaded").isLessThan(20);
            int before = page.messages().size();
            Number oldestSeq = (Number) page.messageData().get(0).get("seq");
            // Scroll to the top; the oldest message shown so far is our anchor.
            page.js("arguments[0].scrollTop = 0;", page.el("message-scroller"));
            double topBefore = anchorOffset(page, oldestSeq);
            page.until(d -> page.messages().size() > before
                    || "start".equals(d.findElement(tid("history-status")).getDomAttribute("data-state")));
            if (page.messages().size() == before) break;
            // Prepending kept the anchor where it was instead of jumping to the new top.
            double topAfter = anchorOffset(page, oldestSeq);
            assertThat(Math.abs(topAfter - topBefore)).as("anchor moved by").isLessThan(60);
        }

        List<Map<String, Object>> all = page.messageData();
        assertThat(all).hasSize(TOTAL);
        assertThat(all).extracting(m -> ((Number) m.get("seq")).longValue())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL).boxed().toList());
        assertThat(all.get(0).get("text")).isEqualTo("message 1");
        assertThat(all).filteredOn(m -> Boolean.TRUE.equals(m.get("own"))).hasSize(TOTAL / 3);
        assertThat(page.driver.findElements(tid("day-separator"))).hasSize(1);

        // Reading old messages, a new one does not yank the view down: a pill offers to jump.
        page.js("arguments[0].scrollTop = 0;", page.el("message-scroller"));
        api.send(bob, ann.id(), "a new one");
        page.until(d -> d.findElement(tid("jump-new")).isDisplayed());
        assertThat(((Number) page.js("return arguments[0].scrollTop;", page.el("message-scroller"))).intValue()).isLessThan(50);
        page.el("jump-new").click();
        page.until(d -> (Boolean) page.js("const s = arguments[0]; return s.scrollHeight - s.scrollTop - s.clientHeight < 5;",
                page.el("message-scroller")));
        assertThat(page.countMessages("a new one")).isEqualTo(1);
        assertCleanConsole(page);
    }

    /** Where the message with this seq sits relative to the top of the scrolling area, in px. */
    private static double anchorOffset(DuetPage page, Number seq) {
        return ((Number) page.js(
                "const s = document.querySelector('[data-testid=message-scroller]');"
                + "const m = document.querySelector('[data-testid=message][data-seq=\"' + arguments[0] + '\"]');"
                + "return m.getBoundingClientRect().top - s.getBoundingClientRect().top;", seq)).doubleValue();
    }
}
