package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #10, defect 9: axe-core finds no serious or critical WCAG A/AA violation (contrast
 * included) on the main screens, at desktop and phone sizes, in the light and the dark theme.
 */
class AccessibilityE2ETest extends BrowserTestBase {

    @ParameterizedTest(name = "{0}x{1} {2} {3}")
    @CsvSource({"1280, 800, en-US, light", "390, 844, zh-CN, light", "1280, 800, zh-CN, dark", "390, 844, en-US, dark"})
    void the_main_screens_pass_axe(int width, int height, String language, String scheme) {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "Hello Ann, see https://example.org");
        api.send(ann, bob.id(), "Hi Bob");
        api.send(bob, ann.id(), "unread one");
        Session carol = api.register(username("carol"), app.duet.testing.ApiClient.PASSWORD, "Carol");
        api.requestContact(carol, ann.id());
        checkScreens(width, height, language, scheme, ann, bob);
    }

    private final List<String> found = new ArrayList<>();

    private void check(DuetPage page, String screen) {
        for (String v : Axe.seriousViolations(page)) found.add(screen + ": " + v);
    }

    /** Every screen of the check; fails at the end with every violation found on any of them. */
    void checkScreens(int width, int height, String language, String scheme, Session ann, Session bob) {
        DuetPage page = browser(width, height, language);
        // The system's colour scheme (prefers-color-scheme), which the client follows by default.
        Axe.colorScheme(page, scheme);
        page.until(d -> scheme.equals(page.js("return document.documentElement.dataset.theme;")));
        page.el("auth-form");
        check(page, "sign-in");
        page.click(tid("auth-switch"));
        page.el("auth-name");
        check(page, "sign-up");
        page.click(tid("auth-switch"));

        page.signIn(ann.username(), app.duet.testing.ApiClient.PASSWORD);
        page.waitSignedIn();
        page.el(page.chatItem(bob.id()));
        page.until(d -> page.unreadBadge(bob.id()) > 0);
        check(page, "chat list");

        page.openChat(bob.id());
        page.waitForMessage("unread one");
        page.el("composer-input").sendKeys("a draft");
        check(page, "chat page");

        if (width < 700) page.click(tid("back"));
        page.contactsTab();
        page.el(By.cssSelector("[data-testid='incoming-request']"));
        check(page, "contacts");

        page.openAccount();
        page.until(d -> !d.findElements(tid("session")).isEmpty());
        check(page, "account panel");
        assertThat(found).as("axe-core serious/critical violations").isEmpty();
    }
}
