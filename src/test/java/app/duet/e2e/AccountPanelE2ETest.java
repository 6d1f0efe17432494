package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account panel (protocol 1.1): a new display name shows at once, also for a contact and in
 * another tab; a password change refuses a wrong current password and signs out every other
 * session; sessions are listed and can be signed out one by one or all but this one.
 */
class AccountPanelE2ETest extends BrowserTestBase {
    static final String SIGNED_OUT = "You were signed out: this session was ended from another device, "
            + "by a password change, or because it expired. Please sign in again.";

    @Test
    void a_new_display_name_shows_at_once_here_in_another_tab_and_live_for_a_contact() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "hello Ann");

        DuetPage annPage = signedInBrowser(ann);
        String firstTab = annPage.driver.getWindowHandle();
        annPage.driver.switchTo().newWindow(WindowType.TAB);
        annPage.open().waitSignedIn();
        String secondTab = annPage.driver.getWindowHandle();
        annPage.driver.switchTo().window(firstTab);

        DuetPage bobPage = chatWith(bob, ann);
        assertThat(bobPage.text(tid("chat-peer-name"))).isEqualTo("Ann");

        annPage.openAccount();
        assertThat(annPage.driver.switchTo().activeElement().getDomAttribute("data-testid")).isEqualTo("account-name");
        assertThat(annPage.el("account-name").getDomProperty("value")).isEqualTo("Ann");

        // Only white space, or a bidirectional control: refused with words, nothing changes.
        annPage.fill("account-name", "   ");
        annPage.el("save-name").click();
        assertThat(annPage.text(tid("name-message"))).startsWith("Display names are 1–64 characters");
        assertThat(annPage.attr(tid("account-name"), "aria-invalid")).isEqualTo("true");
        annPage.fill("account-name", "Ann\u202Eeil");
        annPage.el("save-name").click();
        assertThat(annPage.text(tid("name-message"))).startsWith("Display names are 1–64 characters");
        assertThat(api.me(ann).path("name").asText()).isEqualTo("Ann");

        annPage.fill("account-name", "Ann Lee");
        annPage.el("save-name").click();
        annPage.until(d -> "Display name changed.".equals(d.findElement(tid("name-message")).getText()));
        assertThat(annPage.text(tid("me-name"))).isEqualTo("Ann Lee");
        assertThat(api.me(ann).path("name").asText()).isEqualTo("Ann Lee");

        // Bob sees the new name live: chat header, chat list and contacts.
        bobPage.until(d -> "Ann Lee".equals(d.findElement(tid("chat-peer-name")).getText()));
        By annInList = By.cssSelector("[data-testid='chat-item'][data-peer='" + ann.id() + "'] [data-testid='chat-item-name']");
        bobPage.until(d -> "Ann Lee".equals(d.findElement(annInList).getText()));
        bobPage.contactsTab();
        By annContact = By.cssSelector("[data-testid='contact'][data-username='" + ann.username() + "'] [data-testid='contact-name']");
        assertThat(bobPage.text(annContact)).isEqualTo("Ann Lee");

        // Escape closes the panel and the focus goes back to where it was opened.
        annPage.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        annPage.until(d -> !annPage.accountOpen());
        assertThat(annPage.driver.switchTo().activeElement().getDomAttribute("data-testid")).isEqualTo("account-button");

        // Ann's other tab follows too.
        annPage.driver.switchTo().window(secondTab);
        annPage.until(d -> "Ann Lee".equals(d.findElement(tid("me-name")).getText()));
        annPage.driver.switchTo().window(firstTab);

        assertCleanConsole(annPage);
        assertCleanConsole(bobPage);
    }

    @Test
    void a_password_change_refuses_a_wrong_current_password_and_signs_out_every_other_session() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        DuetPage annPage = signedInBrowser(ann);
        DuetPage annLaptop = signedInBrowser(ann);
        Session annScript = api.login(ann.username(), PASSWORD);

        annPage.openAccount();
        annPage.fill("current-password", "not-my-password");
        annPage.fill("new-password", "brand-new-password-2");
        annPage.el("change-password").click();
        annPage.until(d -> !d.findElement(tid("password-message")).getText().isEmpty());
        assertThat(annPage.text(tid("password-message"))).isEqualTo("The current password is wrong.");
        assertThat(annPage.attr(tid("current-password"), "aria-invalid")).isEqualTo("true");
        assertThat(annPage.driver.switchTo().activeElement().getDomAttribute("data-testid")).isEqualTo("current-password");
        // A wrong current password is a form error, not a lost session.
        assertThat(annPage.accountOpen()).isTrue();
        assertThat(annPage.el("app-view").isDisplayed()).isTrue();
        api.get("/api/me").as(annScript).send().expect(200);

        // Too short a new password is caught before asking the server.
        annPage.fill("current-password", PASSWORD);
        annPage.fill("new-password", "short");
        annPage.el("change-password").click();
        assertThat(annPage.text(tid("password-message"))).isEqualTo("Passwords need at least 8 characters (and at most 256).");

        annPage.fill("new-password", "brand-new-password-2");
        annPage.el("change-password").click();
        annPage.until(d -> "Password changed. Your other devices were signed out.".equals(d.findElement(tid("password-message")).getText()));
        assertThat(annPage.el("current-password").getDomProperty("value")).isEmpty();

        // The other browser lands on the sign-in page saying why; the API token is dead.
        annLaptop.until(d -> d.findElement(By.id("auth")).isDisplayed());
        assertThat(annLaptop.text(tid("auth-error"))).isEqualTo(SIGNED_OUT);
        api.get("/api/me").as(annScript).send().expect(401);

        // This session stays: its socket is up and the session list shows only this device.
        annPage.until(d -> annPage.sessionRows().size() == 1);
        assertThat(annPage.attr(tid("session"), "data-current")).isEqualTo("true");
        assertThat(annPage.driver.findElement(tid("connection-status")).getDomAttribute("data-state")).isEqualTo("online");
        api.login(ann.username(), "brand-new-password-2");

        assertCleanConsole(annPage);
    }

    @Test
    void sessions_are_listed_and_can_be_signed_out_one_at_a_time_or_all_but_this_one() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        DuetPage annPage = signedInBrowser(ann);
        DuetPage annLaptop = signedInBrowser(ann);
        Session script1 = api.login(ann.username(), PASSWORD);
        Session script2 = api.login(ann.username(), PASSWORD);
        String script1Session = currentSessionId(script1);

        // Five sessions: registering made one, then two browsers and two scripts signed in.
        annPage.openAccount();
        annPage.until(d -> annPage.sessionRows().size() == 5);
        assertThat(annPage.driver.findElements(By.cssSelector("[data-testid='session'][data-current='true']"))).hasSize(1);
        assertThat(annPage.text(By.cssSelector("[data-testid='session'][data-current='true'] [data-testid='this-device']")))
                .isEqualTo("This device");
        assertThat(annPage.driver.findElements(By.cssSelector("[data-testid='session'][data-current='true'] [data-testid='revoke-session']")))
                .isEmpty();
        assertThat(annPage.driver.findElements(tid("revoke-session"))).hasSize(4);
        annPage.js("document.getElementById('sign-out-others').scrollIntoView({block: 'end'});");
        Browsers.screenshot(annPage.driver, "10-account-panel");

        // Sign out one session: its row goes, its token is dead, the others still work.
        annPage.click(By.cssSelector("[data-testid='session'][data-session-id='" + script1Session + "'] [data-testid='revoke-session']"));
        annPage.until(d -> d.findElements(annPage.sessionRow(script1Session)).isEmpty());
        assertThat(annPage.text(tid("sessions-message"))).endsWith("was signed out.");
        api.get("/api/me").as(script1).send().expect(401);
        api.get("/api/me").as(script2).send().expect(200);
        assertThat(annPage.sessionRows()).hasSize(4);

        // Everywhere else: only this device is left, and the other browser is told why it was signed out.
        annPage.click(tid("sign-out-others"));
        annPage.until(d -> annPage.sessionRows().size() == 1);
        assertThat(annPage.text(tid("sessions-message"))).isEqualTo("All your other devices were signed out.");
        assertThat(annPage.el("no-other-sessions").getText()).isEqualTo("You are not signed in anywhere else.");
        assertThat(annPage.driver.findElement(tid("sign-out-others")).isDisplayed()).isFalse();
        api.get("/api/me").as(script2).send().expect(401);
        annLaptop.until(d -> d.findElement(By.id("auth")).isDisplayed());
        assertThat(annLaptop.text(tid("auth-error"))).isEqualTo(SIGNED_OUT);
        assertThat(annPage.driver.findElement(tid("connection-status")).getDomAttribute("data-state")).isEqualTo("online");

        annPage.el("account-close").click();
        annPage.until(d -> !annPage.accountOpen());
        assertCleanConsole(annPage);
        assertCleanConsole(annLaptop);
    }

    @Test
    void on_a_phone_the_panel_fills_the_screen_and_speaks_chinese() {
        Session ann = api.register(username("ann"), PASSWORD, "安妮");
        api.login(ann.username(), PASSWORD);
        DuetPage page = signedInBrowser(ann, 390, 844, "zh-CN");

        page.openAccount();
        page.until(d -> page.sessionRows().size() == 3);   // registering, a script, this browser
        assertThat(page.text(By.id("account-title"))).isEqualTo("账号");
        assertThat(page.text(tid("change-password"))).isEqualTo("修改密码");
        assertThat(page.text(tid("this-device"))).isEqualTo("本机");
        assertThat(page.text(tid("sign-out-others"))).isEqualTo("退出其他所有设备");
        Number width = (Number) page.js("return document.getElementById('account-dialog').getBoundingClientRect().width;");
        assertThat(width.intValue()).isEqualTo(390);
        Browsers.screenshot(page.driver, "11-phone-account-panel-chinese");

        page.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        page.until(d -> !page.accountOpen());
        assertCleanConsole(page);
    }

    @Test
    void download_my_data_saves_a_zip_and_says_why_when_refused_in_english_and_in_chinese() throws Exception {
        Contacts c = contacts("Ann", "Bob");
        api.send(c.bob(), c.ann().id(), "hello <script>alert(1)</script>");
        DuetPage page = signedInBrowser(c.ann());
        java.nio.file.Path downloads = java.nio.file.Files.createTempDirectory("duet-e2e-downloads-");
        page.driver.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "allow",
                "downloadPath", downloads.toString(), "eventsEnabled", true));

        page.openAccount();
        assertThat(page.text(tid("export-data"))).isEqualTo("Download my data");
        assertThat(page.attr(tid("export-data"), "href")).isEqualTo("/api/account/export");
        assertThat(page.el("export-data").getDomAttribute("download")).isNotNull();

        // The click saves the ZIP, named for the user and the day.
        page.el("export-data").click();
        page.until(d -> "Your data was downloaded.".equals(d.findElement(tid("export-message")).getText()));
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        java.nio.file.Path saved = downloads.resolve("duet-export-" + c.ann().username() + "-" + day + ".zip");
        page.until(d -> java.nio.file.Files.exists(saved));
        java.util.Set<String> names = new java.util.HashSet<>();
        try (var zip = new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(saved))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) names.add(e.getName());
        }
        assertThat(names).contains("index.html", "profile.json", "chats/" + c.bob().username() + ".html");

        // Too many this hour: said in words, with when to try again.
        api.get("/api/account/export").as(c.ann()).send().expect(200);
        api.get("/api/account/export").as(c.ann()).send().expect(200);
        page.el("export-data").click();
        page.until(d -> d.findElement(tid("export-message")).getText().startsWith("You can download your data a few times an hour. Try again in"));
        assertThat(page.attr(tid("export-message"), "role")).isEqualTo("alert");
        assertCleanConsole(page);

        // In Chinese: the same link; fetched with the page's session, it is a ZIP.
        DuetPage zh = signedInBrowser(c.bob(), 390, 844, "zh-CN");
        zh.openAccount();
        assertThat(zh.text(By.id("export-title"))).isEqualTo("你的数据");
        assertThat(zh.text(tid("export-data"))).isEqualTo("下载我的数据");
        String href = zh.attr(tid("export-data"), "href");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> got = (java.util.Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) zh.driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(async r => {"
                        + "  const b = new Uint8Array(await r.arrayBuffer());"
                        + "  done({status: r.status, type: r.headers.get('Content-Type'), magic: String.fromCharCode(b[0], b[1]), size: b.length});"
                        + "}).catch(e => done({error: String(e)}));", href);
        assertThat(got).containsEntry("status", 200L).containsEntry("magic", "PK");
        assertThat((String) got.get("type")).startsWith("application/zip");
        assertCleanConsole(zh);
    }

    private static String currentSessionId(Session user) {
        for (JsonNode s : api.get("/api/sessions").as(user).send().expect(200).json()) {
            if (s.path("current").asBoolean()) return s.path("id").asText();
        }
        throw new AssertionError("no current session for " + user.username());
    }
}
