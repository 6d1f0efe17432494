package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Declining and cancelling contact requests shows up live on both sides. */
class ContactRequestsE2ETest extends BrowserTestBase {

    @Test
    void requests_can_be_declined_and_cancelled_and_both_sides_see_it_live() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session carol = api.register(username("carol"), PASSWORD, "Carol");
        Session dave = api.register(username("dave"), PASSWORD, "Dave");
        DuetPage annPage = signedInBrowser(ann);
        DuetPage davePage = signedInBrowser(dave);

        // Carol asks; Ann sees it arrive live and declines.
        api.requestContact(carol, ann.id()).expect(202);
        annPage.until(d -> d.findElement(tid("requests-badge")).isDisplayed());
        annPage.contactsTab();
        By fromCarol = By.cssSelector("[data-testid='incoming-request'][data-username='" + carol.username() + "']");
        annPage.click(By.cssSelector("[data-testid='incoming-request'][data-username='" + carol.username() + "'] [data-testid='decline-request']"));
        annPage.until(d -> d.findElements(fromCarol).isEmpty());
        assertThat(api.contactRequests(carol).path("outgoing")).isEmpty();
        assertThat(annPage.driver.findElement(tid("requests-badge")).isDisplayed()).isFalse();

        // Ann asks Dave through the UI; Dave sees it live; Ann cancels; it disappears for Dave live.
        annPage.requestContact(dave.username());
        davePage.contactsTab();
        By fromAnn = By.cssSelector("[data-testid='incoming-request'][data-username='" + ann.username() + "']");
        davePage.el(fromAnn);
        annPage.click(By.cssSelector("[data-testid='outgoing-request'][data-username='" + dave.username() + "'] [data-testid='cancel-request']"));
        annPage.until(d -> d.findElements(By.cssSelector("[data-testid='outgoing-request']")).isEmpty());
        davePage.until(d -> d.findElements(fromAnn).isEmpty());

        // Asking again and accepting makes them contacts on both screens.
        annPage.requestContact(dave.username());
        davePage.acceptRequest(ann.username());
        annPage.el(By.cssSelector("[data-testid='contact'][data-username='" + dave.username() + "']"));
        assertCleanConsole(annPage);
        assertCleanConsole(davePage);
    }
}
