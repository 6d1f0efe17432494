package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** Dark mode follows the system setting, and a switch in the account panel overrides it. */
class DarkModeE2ETest extends BrowserTestBase {

    private static String theme(DuetPage page) {
        return (String) page.js("return document.documentElement.dataset.theme;");
    }

    @Test
    void the_theme_follows_the_system_and_the_account_panel_switch_overrides_it_across_reloads() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "Evening!");
        api.send(ann, bob.id(), "Hi Bob, dark mode is easier on the eyes");

        DuetPage page = chatWith(ann, bob);
        page.waitForMessage("Evening!");
        assertThat(theme(page)).isEqualTo("light");
        Axe.colorScheme(page, "dark");
        page.until(d -> "dark".equals(theme(page)));
        assertThat(page.js("return getComputedStyle(document.querySelector('.chat-pane')).backgroundColor;"))
                .isEqualTo("rgb(27, 27, 27)");
        Browsers.screenshot(page.driver, "12-dark-mode");

        // The switch: light even though the system is dark, kept across a reload.
        page.openAccount();
        new Select(page.el("theme-select")).selectByValue("light");
        page.until(d -> "light".equals(theme(page)));
        page.driver.navigate().refresh();
        page.waitSignedIn();
        assertThat(theme(page)).isEqualTo("light");
        page.openAccount();
        assertThat(page.el("theme-select").getDomProperty("value")).isEqualTo("light");
        new Select(page.el("theme-select")).selectByValue("system");
        page.until(d -> "dark".equals(theme(page)));
        page.click(tid("account-close"));
        assertCleanConsole(page);
    }
}
