package app.duet.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static app.duet.e2e.DuetPage.tid;
import static org.assertj.core.api.Assertions.assertThat;

/** Removing a contact from the contact row, and blocking and unblocking from the chat header. */
class BlockingE2ETest extends BrowserTestBase {

    private static By row(String testid, String username) {
        return By.cssSelector("[data-testid='" + testid + "'][data-username='" + username + "']");
    }

    private static By inRow(String testid, String username, String button) {
        return By.cssSelector("[data-testid='" + testid + "'][data-username='" + username + "'] [data-testid='" + button + "']");
    }

    @Test
    void a_contact_is_removed_from_its_row_after_confirming_and_both_sides_see_it() {
        Contacts c = contacts("Ann", "Bob");
        DuetPage ann = signedInBrowser(c.ann());
        DuetPage bob = signedInBrowser(c.bob());
        bob.contactsTab();
        bob.el(row("contact", c.ann().username()));

        ann.contactsTab();
        ann.click(inRow("contact", c.bob().username(), "remove-contact"));
        ann.el("confirm-dialog");
        ann.click(tid("confirm-cancel")); // changing one's mind changes nothing
        assertThat(api.contacts(c.ann())).hasSize(1);
        ann.click(inRow("contact", c.bob().username(), "remove-contact"));
        ann.click(tid("confirm-ok"));

        ann.until(d -> d.findElements(row("contact", c.bob().username())).isEmpty());
        bob.until(d -> d.findElements(row("contact", c.ann().username())).isEmpty());
        assertThat(api.contacts(c.ann())).isEmpty();
        assertCleanConsole(ann);
    }

    @Test
    void blocking_from_the_chat_header_refuses_their_messages_and_unblocking_from_the_list_lifts_it() {
        Contacts c = contacts("Ann", "Bob");
        api.send(c.bob(), c.ann().id(), "hello Ann");
        DuetPage ann = chatWith(c.ann(), c.bob());

        ann.click(tid("chat-menu"));
        ann.click(tid("menu-block"));
        ann.el("confirm-dialog");
        ann.click(tid("confirm-ok"));

        // The chat stays, with a notice saying why nothing can be sent.
        ann.until(d -> d.findElement(tid("chat-notice")).getText().contains("You blocked Bob"));
        assertThat(api.sendRaw(c.bob(), c.ann().id(), "still there?", null).errorCode()).isEqualTo("blocked");
        assertThat(api.get("/api/blocks").as(c.ann()).send().json()).hasSize(1);

        // The menu now offers to unblock; the Contacts tab lists the blocked user.
        ann.click(tid("chat-menu"));
        ann.el("menu-unblock");
        ann.driver.findElement(tid("chat-menu")).click(); // close it again
        ann.contactsTab();
        ann.click(inRow("blocked-user", c.bob().username(), "unblock"));
        ann.until(d -> d.findElements(row("blocked-user", c.bob().username())).isEmpty());
        assertThat(api.get("/api/blocks").as(c.ann()).send().json()).isEmpty();
        assertThat(api.requestContact(c.bob(), c.ann().id()).status()).isEqualTo(202);
        assertCleanConsole(ann);
    }

    @Test
    void a_block_made_on_one_device_shows_on_the_other() {
        Contacts c = contacts("Ann", "Bob");
        DuetPage other = signedInBrowser(c.ann());
        other.contactsTab();
        other.el(row("contact", c.bob().username()));
        api.put("/api/blocks/" + c.bob().id()).as(c.ann()).send().expect(204);
        other.el(row("blocked-user", c.bob().username()));
        other.until(d -> d.findElements(row("contact", c.bob().username())).isEmpty());
    }
}
