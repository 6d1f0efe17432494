package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline app shell (service worker + web app manifest): with the server gone, a reload
 * shows the app with its saved chats and the offline banner, not the browser's error page.
 */
class OfflineShellE2ETest extends BrowserTestBase {

    private static boolean cached(DuetPage page, String path) {
        return Boolean.TRUE.equals(page.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                caches.open('duet-shell-v1').then((c) => c.match(arguments[0])).then((r) => done(!!r), () => done(false));
                """, path));
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_reload_with_the_server_gone_shows_the_saved_chats_and_the_offline_banner() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "see you offline");
        DuetPage page = signedInBrowser(ann);
        page.until(d -> "see you offline".equals(d.findElement(page.chatItem(bob.id())).findElement(tid("chat-item-preview")).getText()));

        // Installable: a manifest Chromium parses without errors.
        Map<String, Object> manifest = page.driver.executeCdpCommand("Page.getAppManifest", Map.of());
        assertThat((String) manifest.get("url")).endsWith("/manifest.webmanifest");
        assertThat((List<Object>) manifest.get("errors")).isEmpty();

        // The worker controls the page and holds every file the app needs.
        page.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.serviceWorker.ready.then(() => done(true));");
        page.until(d -> Boolean.TRUE.equals(page.js("return navigator.serviceWorker.controller !== null;")));
        for (String path : List.of("/", "/css/app.css", "/js/main.js", "/js/store.js", "/js/views/chatList.js", "/js/i18n.js")) {
            page.until(d -> cached(page, path));
        }
        page.until(d -> Boolean.TRUE.equals(page.js("return localStorage.getItem('duet.offline') !== null;")));

        // The server goes away; the reload still shows the app, its chats, and says it is offline.
        server.close();
        server = null;
        page.driver.navigate().refresh();
        page.el("app-view");
        page.el(page.chatItem(bob.id()));
        assertThat(page.text(page.chatItem(bob.id()))).contains("Bob").contains("see you offline");
        page.until(d -> Set.of("offline", "reconnecting").contains(d.findElement(tid("connection-status")).getDomAttribute("data-state"))
                && d.findElement(tid("connection-status")).isDisplayed());
        assertThat(page.driver.findElement(tid("auth-view")).isDisplayed()).isFalse();
    }
}
