package app.duet.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One user's browser on the Duet web client, driven through stable data-testid hooks. */
final class DuetPage {
    final ChromeDriver driver;
    final URI base;
    final WebDriverWait wait;

    DuetPage(ChromeDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
        // Lists are re-rendered on live events: an element may go stale between find and read.
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    static By tid(String testid) { return By.cssSelector("[data-testid='" + testid + "']"); }

    WebElement el(By by) { return wait.until(ExpectedConditions.visibilityOfElementLocated(by)); }

    WebElement el(String testid) { return el(tid(testid)); }

    /** Clicks, finding the element again if a live re-render replaced it in between. */
    void click(By by) {
        until(d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) return null;
            e.click();
            return true;
        });
    }

    /** Reads an attribute of a (possibly re-rendered) element once it is there. */
    String attr(By by, String name) {
        return until(d -> d.findElement(by).getDomAttribute(name));
    }

    String text(By by) {
        return until(d -> d.findElement(by).getText());
    }

    <T> T until(Function<ChromeDriver, T> condition) {
        return wait.until(d -> condition.apply((ChromeDriver) d));
    }

    Object js(String script, Object... args) { return ((JavascriptExecutor) driver).executeScript(script, args); }

    // ---------------------------------------------------------------- auth

    DuetPage open() {
        driver.get(base.toString() + "/");
        until(d -> !d.findElements(By.cssSelector("#auth:not([hidden]), #app:not([hidden])")).isEmpty());
        return this;
    }

    void signUp(String username, String name, String password) {
        el("auth-form");
        if ("signin".equals(driver.findElement(By.id("auth")).getDomAttribute("data-mode"))) el("auth-switch").click();
        el("auth-name");
        fill("auth-username", username);
        fill("auth-name", name);
        fill("auth-password", password);
        el("auth-submit").click();
    }

    void signIn(String username, String password) {
        el("auth-form");
        if ("signup".equals(driver.findElement(By.id("auth")).getDomAttribute("data-mode"))) el("auth-switch").click();
        fill("auth-username", username);
        fill("auth-password", password);
        el("auth-submit").click();
    }

    void fill(String testid, String text) {
        WebElement input = el(testid);
        input.clear();
        input.sendKeys(text);
    }

    /** Waits for the app to show with its WebSocket up. */
    void waitSignedIn() {
        el("app-view");
        until(d -> "online".equals(d.findElement(tid("connection-status")).getDomAttribute("data-state")));
    }

    // ---------------------------------------------------------------- account panel

    /** Opens the account panel from the user's name in the sidebar header. */
    WebElement openAccount() {
        click(tid("account-button"));
        WebElement dialog = el("account-dialog");
        until(d -> Boolean.TRUE.equals(js("return document.getElementById('account-dialog').open;")));
        return dialog;
    }

    boolean accountOpen() {
        return Boolean.TRUE.equals(js("return document.getElementById('account-dialog').open;"));
    }

    By sessionRow(String sessionId) {
        return By.cssSelector("[data-testid='session'][data-session-id='" + sessionId + "']");
    }

    List<WebElement> sessionRows() { return driver.findElements(tid("session")); }

    // ---------------------------------------------------------------- contacts

    void contactsTab() { el("tab-contacts").click(); el(By.id("panel-contacts")); }

    void chatsTab() { el("tab-chats").click(); el(By.id("panel-chats")); }

    void requestContact(String username) {
        contactsTab();
        fill("user-search", username);
        click(By.cssSelector("[data-testid='search-result'][data-username='" + username + "'] [data-testid='add-contact']"));
        el(By.cssSelector("[data-testid='outgoing-request'][data-username='" + username + "']"));
    }

    void acceptRequest(String username) {
        contactsTab();
        click(By.cssSelector("[data-testid='incoming-request'][data-username='" + username + "'] [data-testid='accept-request']"));
        el(By.cssSelector("[data-testid='contact'][data-username='" + username + "']"));
    }

    void openChatFromContacts(String username) {
        contactsTab();
        click(By.cssSelector("[data-testid='contact'][data-username='" + username + "'] [data-testid='open-chat']"));
        el("chat-view");
    }

    // ---------------------------------------------------------------- chats

    By chatItem(long peer) { return By.cssSelector("[data-testid='chat-item'][data-peer='" + peer + "']"); }

    void openChat(long peer) {
        chatsTab();
        click(chatItem(peer));
        until(d -> d.getCurrentUrl().endsWith("#/chat/" + peer));
        el("chat-view");
        until(d -> "false".equals(d.findElement(tid("message-scroller")).getDomAttribute("aria-busy")));
    }

    /** The unread count the chat list shows for a peer (0 when there is no badge). */
    int unreadBadge(long peer) {
        List<WebElement> items = driver.findElements(chatItem(peer));
        if (items.isEmpty()) return 0;
        String n = items.get(0).getDomAttribute("data-unread");
        return n == null ? 0 : Integer.parseInt(n);
    }

    void send(String text) {
        WebElement input = el("composer-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    List<WebElement> messages() { return driver.findElements(tid("message")); }

    /** Text, seq, own flag and state of every message element, read in one script call. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> messageData() {
        return (List<Map<String, Object>>) js(
                "return [...document.querySelectorAll('[data-testid=message]')].map(li => ({"
                + "text: li.querySelector('[data-testid=message-text]').textContent,"
                + "seq: li.dataset.seq ? Number(li.dataset.seq) : null,"
                + "own: li.dataset.own === 'true', state: li.dataset.state}));");
    }

    WebElement waitForMessage(String text) {
        return until(d -> d.findElements(tid("message")).stream()
                .filter(m -> text.equals(m.findElement(tid("message-text")).getText()))
                .findFirst().orElse(null));
    }

    long countMessages(String text) {
        return messageData().stream().filter(m -> text.equals(m.get("text"))).count();
    }

    // ---------------------------------------------------------------- the message view

    WebElement scroller() { return driver.findElement(tid("message-scroller")); }

    /** Whether the history is scrolled to its newest message (the window ends at the last one). */
    boolean atBottom() {
        return Boolean.TRUE.equals(js("const s = arguments[0]; return s.scrollHeight - s.scrollTop - s.clientHeight < 5"
                + " && document.getElementById('message-list').dataset.windowEnd !== 'false';", scroller()));
    }

    /** Whether the element is (at least partly) inside the message scroller's visible area. */
    boolean inView(WebElement e) {
        return Boolean.TRUE.equals(js("const s = arguments[0].getBoundingClientRect(), r = arguments[1].getBoundingClientRect();"
                + "return r.bottom > s.top + 1 && r.top < s.bottom - 1;", scroller(), e));
    }

    /** The message element showing exactly this text, if rendered. */
    WebElement messageWithText(String text) {
        return (WebElement) js("return [...document.querySelectorAll('[data-testid=message]')]"
                + ".find(li => li.querySelector('[data-testid=message-text]').textContent === arguments[0]) || null;", text);
    }

    /** The unread count on the server for my chat box with `peer`, through the API. */
    static int serverUnread(app.duet.testing.ApiClient api, app.duet.testing.ApiClient.Session me, long peer) {
        return api.chatWith(me, peer).path("unread").asInt();
    }

    /**
     * Makes the window lose (false) or regain (true) the focus as far as the page can tell:
     * headless Chromium windows always have it, so document.hasFocus() is stood in for and
     * the blur/focus event fires the way the browser would fire it.
     */
    void setWindowFocus(boolean focused) {
        js(focused
                ? "delete document.hasFocus; window.dispatchEvent(new FocusEvent('focus'));"
                : "document.hasFocus = () => false; window.dispatchEvent(new FocusEvent('blur'));");
    }
}
