package app.duet.e2e;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real server per test class and one headless browser per simulated person. Skips the whole
 * class, with instructions, when Debian's chromium and chromedriver are not installed.
 */
abstract class BrowserTestBase {
    static final int DESKTOP_W = 1280;
    static final int DESKTOP_H = 800;
    private static final AtomicInteger NAMES = new AtomicInteger();

    static TestServer server;
    /** Seeds and checks through the API, as the protocol tests do; users get {@link ApiClient#PASSWORD}. */
    static ApiClient api;
    private final List<ChromeDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        if (!Browsers.available()) return;   // each test is skipped below, with the reason
        server = TestServer.start();
        api = new ApiClient(server.baseUri());
    }

    /** Per test, so that every test shows up as skipped with the reason, not just vanishes. */
    @BeforeEach
    void requireBrowser() {
        Assumptions.assumeTrue(Browsers.available(), Browsers.HOW_TO_ENABLE);
    }

    @AfterAll
    static void stopServer() {
        if (api != null) api.close();
        api = null;
        if (server != null) server.close();
        server = null;
    }

    @AfterEach
    void quitBrowsers() {
        for (ChromeDriver d : browsers) {
            try { d.quit(); } catch (RuntimeException ignored) { /* already gone */ }
        }
        browsers.clear();
    }

    DuetPage browser() { return browser(DESKTOP_W, DESKTOP_H, "en-US"); }

    DuetPage browser(int width, int height, String language) {
        ChromeDriver d = Browsers.start(width, height, language);
        browsers.add(d);
        return new DuetPage(d, server.baseUri()).open();
    }

    /** A username unique within this JVM run, valid for the protocol (3-32 of a-z 0-9 _ . -). */
    static String username(String prefix) {
        return prefix + "_" + Long.toString(System.nanoTime() % 1_000_000, 36) + NAMES.incrementAndGet();
    }

    // ---------------------------------------------------------------- the usual opening

    /** Two users made through the API who are already contacts: how most browser tests begin. */
    record Contacts(Session ann, Session bob) { }

    /** Seeds Ann and Bob (usernames "ann_…", "bob_…", display names as given) as contacts. */
    static Contacts contacts(String annName, String bobName) {
        Session ann = api.register(username("ann"), ApiClient.PASSWORD, annName);
        Session bob = api.register(username("bob"), ApiClient.PASSWORD, bobName);
        api.makeContacts(ann, bob);
        return new Contacts(ann, bob);
    }

    /** A user made through the API, then signed in through the sign-in page of a new browser. */
    DuetPage signedInBrowser(Session user) { return signedInBrowser(user, DESKTOP_W, DESKTOP_H, "en-US"); }

    DuetPage signedInBrowser(Session user, int width, int height, String language) {
        DuetPage page = browser(width, height, language);
        page.signIn(user.username(), ApiClient.PASSWORD);
        page.waitSignedIn();
        return page;
    }

    /** A desktop browser signed in as `me` with the chat with `peer` open and its history loaded. */
    DuetPage chatWith(Session me, Session peer) {
        DuetPage page = signedInBrowser(me);
        page.openChat(peer.id());
        return page;
    }

    /** Fails on script errors and CSP violations the page logged (the client must run under the strict CSP). */
    static void assertCleanConsole(DuetPage page) {
        List<String> bad = new ArrayList<>();
        for (LogEntry e : page.driver.manage().logs().get(LogType.BROWSER)) {
            String m = e.getMessage();
            boolean severe = e.getLevel().intValue() >= Level.SEVERE.intValue();
            // Failed network requests while offline or after a refused call are expected noise.
            boolean network = m.contains("Failed to load resource") || m.contains("WebSocket connection to")
                    || m.contains("net::ERR_");
            if (m.contains("Content Security Policy") || (severe && !network)) bad.add(m);
        }
        assertThat(bad).as("browser console errors").isEmpty();
    }
}
