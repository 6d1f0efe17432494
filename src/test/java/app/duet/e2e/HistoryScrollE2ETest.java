package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scrolling back through a long history: older pages load, nothing doubles, and what the reader
 * looks at does not move, not even for a frame while "Loading earlier messages…" shows (issue
 * #10, defect 5), on desktop and on a phone.
 */
class HistoryScrollE2ETest extends BrowserTestBase {
    static final int TOTAL = 320;

    @Test
    void scrolling_up_loads_older_pages_without_jumps_or_duplicates() {
        scrollBackThroughEverything(chatWithHistory(DESKTOP_W, DESKTOP_H, "en-US"));
    }

    @Test
    void on_a_phone_scrolling_back_does_not_move_the_view_either() {
        scrollBackThroughEverything(chatWithHistory(390, 844, "zh-CN"));
    }

    private Session[] people;

    private DuetPage chatWithHistory(int w, int h, String lang) {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        for (int i = 1; i <= TOTAL; i++) {
            if (i % 3 == 0) api.send(ann, bob.id(), "message " + i);
            else api.send(bob, ann.id(), "message " + i);
        }
        api.read(ann, bob.id(), TOTAL).expect(204);   // read before: the chat opens at its bottom
        people = new Session[] {ann, bob};
        DuetPage page = signedInBrowser(ann, w, h, lang);
        page.openChat(bob.id());
        return page;
    }

    private void scrollBackThroughEverything(DuetPage page) {
        Session ann = people[0], bob = people[1];
        page.waitForMessage("message " + TOTAL);
        int firstPage = page.messages().size();
        assertThat(firstPage).isBetween(20, 200);   // a page, not everything
        page.until(d -> page.atBottom());

        TreeSet<Long> seen = new TreeSet<>();
        int rounds = 0;
        while (!"start".equals(page.driver.findElement(tid("history-status")).getDomAttribute("data-state"))) {
            assertThat(rounds++).as("pages loaded").isLessThan(40);
            List<Map<String, Object>> shown = page.messageData();
            assertNoDuplicates(shown);
            shown.forEach(m -> seen.add(((Number) m.get("seq")).longValue()));
            long oldest = ((Number) shown.get(0).get("seq")).longValue();
            // To the top; from then on, every frame records how far the oldest message shown moved.
            page.js("const s = arguments[0], seq = arguments[1];"
                    + "const at = () => { const m = document.querySelector('[data-testid=message][data-seq=\"' + seq + '\"]');"
                    + "  return m ? m.getBoundingClientRect().top - s.getBoundingClientRect().top : NaN; };"
                    + "s.scrollTop = 0;"
                    + "const start = at(), round = window.__round = (window.__round || 0) + 1;"
                    + "window.__drift = 0; window.__tracking = true;"
                    + "const track = () => { if (!window.__tracking || window.__round !== round) return;"
                    + "  const d = Math.abs(at() - start); if (!(d <= window.__drift)) window.__drift = d;"
                    + "  requestAnimationFrame(track); };"
                    + "requestAnimationFrame(track);", page.scroller(), oldest);
            page.until(d -> page.messageWithText("message " + (oldest - 1)) != null
                    || "start".equals(d.findElement(tid("history-status")).getDomAttribute("data-state")));
            // Two more frames after the change, then stop tracking.
            page.driver.executeAsyncScript("const done = arguments[0];"
                    + "requestAnimationFrame(() => requestAnimationFrame(() => { window.__tracking = false; done(); }));");
            double drift = ((Number) page.js("return window.__drift;")).doubleValue();
            assertThat(drift).as("how far the message at the top moved while older ones loaded (px)").isLessThan(2.0);
        }
        page.messageData().forEach(m -> seen.add(((Number) m.get("seq")).longValue()));
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL).boxed().toList());
        assertThat(page.messageData().get(0).get("text")).isEqualTo("message 1");
        assertThat(page.driver.findElements(tid("day-separator"))).hasSize(1);

        // Reading old messages, a new one does not yank the view down: the button offers to jump.
        double before = ((Number) page.js("return arguments[0].scrollTop;", page.scroller())).doubleValue();
        api.send(bob, ann.id(), "a new one");
        page.until(d -> "1".equals(d.findElement(tid("jump-count")).getText()));
        assertThat(((Number) page.js("return arguments[0].scrollTop;", page.scroller())).doubleValue())
                .as("scrollTop after a new message arrived").isCloseTo(before, org.assertj.core.data.Offset.offset(2.0));
        page.el("jump-new").click();
        page.until(d -> page.atBottom());
        page.waitForMessage("a new one");
        assertThat(page.countMessages("a new one")).isEqualTo(1);
        assertCleanConsole(page);
    }

    private static void assertNoDuplicates(List<Map<String, Object>> shown) {
        List<Long> seqs = shown.stream().map(m -> ((Number) m.get("seq")).longValue()).toList();
        assertThat(seqs).doesNotHaveDuplicates().isSorted();
    }
}
