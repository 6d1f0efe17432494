package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Losing the network: the client says so, reconnects, catches up and resends, each message once. */
class ReconnectE2ETest extends BrowserTestBase {

    @Test
    void messages_survive_going_offline_and_back() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "before the tunnel");

        DuetPage page = chatWith(ann, bob);
        page.waitForMessage("before the tunnel");

        setOffline(page, true);
        page.until(d -> Set.of("offline", "reconnecting")
                .contains(d.findElement(tid("connection-status")).getDomAttribute("data-state")));
        assertThat(page.el("connection-status").isDisplayed()).isTrue();

        // Bob writes while Ann is away; Ann writes too.
        api.send(bob, ann.id(), "while away 1");
        api.send(bob, ann.id(), "while away 2");
        api.send(bob, ann.id(), "while away 3");
        page.send("typed in the tunnel");
        page.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-state=sending]")).size() == 1);
        Browsers.screenshot(page.driver, "08-offline");

        setOffline(page, false);
        page.until(d -> "online".equals(d.findElement(tid("connection-status")).getDomAttribute("data-state")));
        for (String text : List.of("while away 1", "while away 2", "while away 3")) page.waitForMessage(text);
        page.until(d -> d.findElements(By.cssSelector("[data-testid=message][data-state=sending]")).isEmpty());

        List<Map<String, Object>> shown = page.messageData();
        assertThat(shown).extracting(m -> m.get("text")).containsExactly(
                "before the tunnel", "while away 1", "while away 2", "while away 3", "typed in the tunnel");
        assertThat(shown).extracting(m -> m.get("seq")).doesNotHaveDuplicates().doesNotContainNull();
        // Delivered exactly once.
        List<JsonNode> stored = api.fullHistory(bob, ann.id());
        assertThat(stored).filteredOn(m -> m.path("text").asText().equals("typed in the tunnel")).hasSize(1);
        assertThat(stored).hasSize(5);

        // A second drop right after: still no duplicates, live delivery resumes.
        setOffline(page, true);
        page.until(d -> !"online".equals(d.findElement(tid("connection-status")).getDomAttribute("data-state")));
        setOffline(page, false);
        page.until(d -> "online".equals(d.findElement(tid("connection-status")).getDomAttribute("data-state")));
        api.send(bob, ann.id(), "after the tunnel");
        page.waitForMessage("after the tunnel");
        assertThat(page.messageData()).hasSize(6);
        // The chat list caught up too and nothing is left unread while the chat is open.
        page.until(d -> page.unreadBadge(bob.id()) == 0);
        assertCleanConsole(page);
    }

    @Test
    void messages_survive_a_dropped_socket_while_the_browser_thinks_it_is_online() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "first");

        // Wrap WebSocket (a DevTools script runs before the page's own, unaffected by its CSP) to
        // keep a handle on every socket, so the test can cut one like a broken link would, and
        // to send handshakes to a path the server refuses (same origin, so the CSP allows it).
        ChromeDriver d = Browsers.start(DESKTOP_W, DESKTOP_H, "en-US");
        try {
            d.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "window.__sockets = []; window.__blockWs = false; const Native = window.WebSocket;"
                    + "window.WebSocket = function (url, p) {"
                    + "  const s = new Native(window.__blockWs ? url.replace(/\\/ws$/, '/ws-unavailable') : url, p);"
                    + "  window.__sockets.push(s); return s; };"
                    + "window.WebSocket.prototype = Native.prototype;"
                    + "Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});"));
            DuetPage page = new DuetPage(d, server.baseUri()).open();
            page.signIn(ann.username(), PASSWORD);
            page.waitSignedIn();
            page.openChat(bob.id());
            page.waitForMessage("first");

            // Make new handshakes fail, then cut the live socket: the client keeps retrying with backoff.
            page.js("window.__blockWs = true; window.__sockets.forEach(s => s.close());");
            page.until(x -> "reconnecting".equals(x.findElement(tid("connection-status")).getDomAttribute("data-state")));
            page.until(x -> (Long) page.js("return window.__sockets.length;") >= 3);   // it did retry

            api.send(bob, ann.id(), "gap 1");
            api.send(bob, ann.id(), "gap 2");
            page.send("mine during the gap");

            page.js("window.__blockWs = false;");
            // The backoff has grown by now; "Retry now" skips the wait.
            page.until(x -> {
                if ("online".equals(x.findElement(tid("connection-status")).getDomAttribute("data-state"))) return true;
                List<org.openqa.selenium.WebElement> retry = x.findElements(tid("retry-now"));
                if (retry.isEmpty() || !retry.get(0).isDisplayed()) return null;
                retry.get(0).click();
                return true;
            });
            page.until(x -> "online".equals(x.findElement(tid("connection-status")).getDomAttribute("data-state")));
            page.waitForMessage("gap 2");
            page.until(x -> x.findElements(By.cssSelector("[data-testid=message][data-state=sending]")).isEmpty());
            assertThat(page.messageData()).extracting(m -> m.get("text"))
                    .containsExactly("first", "gap 1", "gap 2", "mine during the gap");
            assertThat(api.fullHistory(bob, ann.id())).extracting(m -> m.path("text").asText())
                    .containsExactly("first", "gap 1", "gap 2", "mine during the gap");

            // A message still waiting when the tab is reloaded is sent after the reload, once.
            page.js("window.__blockWs = true; window.__sockets.forEach(s => s.close());");
            page.until(x -> !"online".equals(x.findElement(tid("connection-status")).getDomAttribute("data-state")));
            page.send("typed before a reload");
            page.until(x -> x.findElements(By.cssSelector("[data-testid=message][data-state=sending]")).size() == 1);
            d.navigate().refresh();
            page.waitSignedIn();
            page.openChat(bob.id());
            page.waitForMessage("typed before a reload");
            page.until(x -> x.findElements(By.cssSelector("[data-testid=message][data-state=sending]")).isEmpty());
            assertThat(page.countMessages("typed before a reload")).isEqualTo(1);
            assertThat(api.fullHistory(bob, ann.id())).extracting(m -> m.path("text").asText())
                    .containsExactly("first", "gap 1", "gap 2", "mine during the gap", "typed before a reload");
            assertCleanConsole(page);
        } finally {
            d.quit();
        }
    }

    private static void setOffline(DuetPage page, boolean offline) {
        page.driver.executeCdpCommand("Network.enable", Map.of());
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }
}
