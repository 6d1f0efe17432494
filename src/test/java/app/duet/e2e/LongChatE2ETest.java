package app.duet.e2e;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, defect 6: a 10,000-message chat stays fast because only the messages near the
 * viewport are in the page (windowing) and each chat keeps its elements for switching back.
 * Measured in the browser: long tasks (PerformanceObserver "longtask") while scrolling from
 * the newest message back to the first and down again, the page's element count, and the time
 * from a click on a chat to its messages painted. The figures are printed; the assertions
 * leave a wide margin (a busy CI machine shares its cores), the goals are ≤ 50 ms.
 */
class LongChatE2ETest extends BrowserTestBase {
    static final int N = 10_000;
    static final int BATCH = 500;

    @Test
    @SuppressWarnings("unchecked")
    void a_10000_message_chat_scrolls_and_switches_without_long_tasks() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        Session carol = api.register(username("carol"), ApiClient.PASSWORD, "Carol");
        api.makeContacts(ann, carol);
        fill(bob, ann, N);
        for (int i = 1; i <= 3; i++) api.send(carol, ann.id(), "carol " + i);
        api.read(ann, bob.id(), N).expect(204);
        api.read(ann, carol.id(), api.history(ann, carol.id()).path("messages").get(2).path("seq").asLong()).expect(204);

        DuetPage page = signedInBrowser(ann);
        page.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        page.openChat(carol.id());
        page.waitForMessage("carol 3");
        page.openChat(bob.id());
        page.waitForMessage("long " + N);
        page.until(d -> page.atBottom());
        page.js("window.__long = [];"
                + "new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); })"
                + ".observe({type: 'longtask'});");

        // From the newest message back to the first, 1,200 px a frame (older pages load on the way).
        Map<String, Object> up = scrollAll(page, -1200);
        List<Number> longUp = (List<Number>) page.js("const l = window.__long; window.__long = []; return l;");
        assertThat(page.messageData().get(0).get("text")).isEqualTo("long 1");
        // And down again to the newest, through data that is all loaded now.
        Map<String, Object> down = scrollAll(page, 1200);
        List<Number> longDown = (List<Number>) page.js("const l = window.__long; window.__long = []; return l;");
        page.until(d -> page.atBottom());

        // Switching between the long chat and a short one, both opened before.
        List<Double> toLong = new ArrayList<>();
        List<Double> toShort = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            toShort.add(switchTo(page, carol.id(), "carol 3"));
            toLong.add(switchTo(page, bob.id(), "long " + N));
        }
        List<Number> longSwitch = (List<Number>) page.js("return window.__long;");
        long elements = (Long) page.js("return document.getElementsByTagName('*').length;");

        System.out.printf("LongChatE2ETest: %,d messages%n", N);
        System.out.printf("  scroll back: %.0f ms, %s frames, at most %s elements in the page; long tasks: %d, max %.0f ms%n",
                num(up.get("ms")), up.get("frames"), up.get("maxElements"), longUp.size(), max(longUp));
        System.out.printf("  scroll down: %.0f ms, %s frames, at most %s elements in the page; long tasks: %d, max %.0f ms%n",
                num(down.get("ms")), down.get("frames"), down.get("maxElements"), longDown.size(), max(longDown));
        System.out.printf("  switch to the long chat: median %.1f ms, max %.1f ms %s%n", median(toLong), max(toLong), toLong);
        System.out.printf("  switch to the short chat: median %.1f ms, max %.1f ms %s%n", median(toShort), max(toShort), toShort);
        System.out.printf("  long tasks while switching: %d, max %.0f ms; elements in the page now: %d%n",
                longSwitch.size(), max(longSwitch), elements);

        assertThat(((Number) up.get("maxElements")).longValue()).as("elements in the page (windowed)").isLessThan(4000);
        assertThat(((Number) down.get("maxElements")).longValue()).as("elements in the page (windowed)").isLessThan(4000);
        assertThat(median(toLong)).as("median ms to switch into the long chat").isLessThan(250);
        assertThat(median(toShort)).as("median ms to switch into the short chat").isLessThan(250);
        assertThat(max(longUp)).as("longest task scrolling back (ms)").isLessThan(1000);
        assertThat(max(longDown)).as("longest task scrolling down (ms)").isLessThan(1000);
        assertCleanConsole(page);
    }

    /**
     * Scrolls by arguments[0] px a frame until the history's start (up) or its newest message
     * (down), for at most arguments[1] ms a call (a WebDriver call must not outlast its HTTP
     * timeout); returns {finished, ms, frames, maxElements} for that part.
     */
    static final String SCROLL = """
            const by = arguments[0], budget = arguments[1], done = arguments[arguments.length - 1];
            const sc = document.querySelector('[data-testid=message-scroller]');
            const t0 = performance.now();
            let frames = 0, maxElements = 0;
            const finished = () => {
              const list = document.getElementById('message-list');
              if (by < 0) return sc.scrollTop === 0 && list.dataset.windowStart === 'true'
                  && document.querySelector('[data-testid=history-status]').dataset.state === 'start';
              return list.dataset.windowEnd === 'true' && sc.scrollHeight - sc.scrollTop - sc.clientHeight < 2;
            };
            const step = () => {
              frames++;
              maxElements = Math.max(maxElements, document.getElementsByTagName('*').length);
              const end = finished();
              if (end || performance.now() - t0 > budget) {
                const list = document.getElementById('message-list');
                const first = document.querySelector('[data-testid=message]');
                done({finished: end, ms: performance.now() - t0, frames, maxElements,
                    where: 'scrollTop ' + Math.round(sc.scrollTop) + ' of ' + sc.scrollHeight + ', first seq ' + (first && first.dataset.seq)
                        + ', window ' + list.dataset.windowStart + '/' + list.dataset.windowEnd
                        + ', status ' + document.querySelector('[data-testid=history-status]').dataset.state + ', busy ' + sc.getAttribute('aria-busy')});
                return;
              }
              sc.scrollTop += by;
              requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
            """;

    /** Runs {@link #SCROLL} until it is finished; the sums of its parts. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> scrollAll(DuetPage page, int by) {
        double ms = 0;
        long frames = 0;
        long maxElements = 0;
        for (int part = 0; part < 40; part++) {
            Map<String, Object> r = (Map<String, Object>) page.driver.executeAsyncScript(SCROLL, by, 15_000);
            ms += num(r.get("ms"));
            frames += ((Number) r.get("frames")).longValue();
            maxElements = Math.max(maxElements, ((Number) r.get("maxElements")).longValue());
            System.out.printf("  scrolling by %d: part %d, %.0f ms, %s frames, %s%n", by, part, num(r.get("ms")), r.get("frames"), r.get("where"));
            if (Boolean.TRUE.equals(r.get("finished"))) return Map.of("ms", ms, "frames", frames, "maxElements", maxElements);
        }
        throw new AssertionError("scrolling by " + by + " px a frame did not reach the end in 10 minutes");
    }

    /** Clicks the chat's row; ms until its newest message is in the page and a frame painted. */
    static double switchTo(DuetPage page, long peer, String newest) {
        return ((Number) page.driver.executeAsyncScript("""
                const peer = arguments[0], newest = arguments[1], done = arguments[arguments.length - 1];
                const t0 = performance.now();
                document.querySelector('[data-testid=chat-item][data-peer="' + peer + '"]').click();
                const shown = () => location.hash.endsWith('/chat/' + peer)
                    && [...document.querySelectorAll('#message-list [data-testid=message-text]')].some((e) => e.textContent === newest);
                const check = () => {
                  if (shown()) requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
                  else requestAnimationFrame(check);
                };
                check();
                """, peer, newest)).doubleValue();
    }

    /** `count` messages from one user to another over a WebSocket, pipelined in batches. */
    static void fill(Session from, Session to, int count) {
        try (WsClient ws = WsClient.connect(server.wsUri()).as(from).open()) {
            ws.hello();
            for (int i = 1; i <= count; i++) {
                ws.send(to.id(), "long " + i, "fill" + i);
                if (i % BATCH == 0 || i == count) {
                    String last = "fill" + i;
                    ws.await("ack", j -> last.equals(j.path("clientId").asText()), Duration.ofSeconds(60));
                }
            }
        }
    }

    static double num(Object o) { return ((Number) o).doubleValue(); }

    static double max(List<? extends Number> xs) { return xs.stream().mapToDouble(Number::doubleValue).max().orElse(0); }

    static double median(List<? extends Number> xs) {
        double[] s = xs.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
