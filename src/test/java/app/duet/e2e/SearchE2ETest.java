package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Searching: the chat list by name (any script), and people by display name in the Contacts tab. */
class SearchE2ETest extends BrowserTestBase {

    /** The peers of the chat rows a person can see now. */
    private static List<String> visibleChatRows(DuetPage page) {
        return page.driver.findElements(By.cssSelector("#chat-list > li")).stream()
                .filter(WebElement::isDisplayed).map(li -> li.getDomAttribute("data-peer")).toList();
    }

    @Test
    void the_chat_list_filters_by_name_in_any_script() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session wang = api.register(username("wxm"), PASSWORD, "王小明");
        Session bob = api.register(username("bob"), PASSWORD, "Bob Stone");
        api.makeContacts(ann, wang);
        api.makeContacts(ann, bob);
        api.send(wang, ann.id(), "你好");
        api.send(bob, ann.id(), "hello");
        DuetPage page = signedInBrowser(ann);
        page.el(page.chatItem(wang.id()));
        page.el(page.chatItem(bob.id()));

        page.fill("chat-search", "王");
        page.until(d -> visibleChatRows(page).equals(List.of(String.valueOf(wang.id()))));

        page.fill("chat-search", "stONE");   // case does not matter
        page.until(d -> visibleChatRows(page).equals(List.of(String.valueOf(bob.id()))));

        page.fill("chat-search", bob.username().substring(0, 5)); // the username too
        page.until(d -> visibleChatRows(page).contains(String.valueOf(bob.id())));

        page.fill("chat-search", "nobody-like-this");
        page.until(d -> visibleChatRows(page).isEmpty());
        assertThat(page.el("chat-search-empty").getText()).isEqualTo("No chats match that name.");

        // A chat arriving while filtered is filtered too; clearing shows everything again.
        Session carol = api.register(username("carol"), PASSWORD, "Carol");
        api.makeContacts(ann, carol);
        api.send(carol, ann.id(), "hi");
        page.until(d -> !d.findElements(page.chatItem(carol.id())).isEmpty());
        assertThat(visibleChatRows(page)).isEmpty();
        page.el("chat-search").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE); // as a person clears it
        page.until(d -> visibleChatRows(page).size() == 3);
        assertThat(page.driver.findElement(tid("chat-search-empty")).isDisplayed()).isFalse();
        assertCleanConsole(page);
    }

    @Test
    void people_are_found_by_display_name_and_asked_to_be_contacts() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session li = api.register(username("lxh"), PASSWORD, "李小红");
        DuetPage page = signedInBrowser(ann);
        page.contactsTab();
        page.fill("user-search", "小红");
        By row = By.cssSelector("[data-testid='search-result'][data-username='" + li.username() + "']");
        page.el(row);
        page.click(By.cssSelector("[data-testid='search-result'][data-username='" + li.username() + "'] [data-testid='add-contact']"));
        page.el(By.cssSelector("[data-testid='outgoing-request'][data-username='" + li.username() + "']"));
        assertThat(api.contactRequests(li).path("incoming").get(0).path("user").path("id").asLong()).isEqualTo(ann.id());
        assertCleanConsole(page);
    }
}
