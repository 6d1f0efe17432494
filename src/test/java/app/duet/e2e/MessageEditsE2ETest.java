package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message edits in the web client: the action menu (hover button on a desktop, long press on a
 * phone), Reply with its quote bar and the quote in the bubble, Copy, Forward (text and pictures), Recall (both sides
 * see the note, the chat list too) and Delete for me, at 1280×800 and 390×844.
 */
class MessageEditsE2ETest extends BrowserTestBase {

    private static final int PHONE_W = 390;
    private static final int PHONE_H = 844;

    /** The action menu of the message showing `text`: hovered and clicked on a desktop, long-pressed on a phone. */
    private static void openActions(DuetPage page, String text, boolean phone) {
        WebElement li = page.waitForMessage(text);
        if (phone) {
            WebElement bubble = li.findElement(By.cssSelector(".bubble"));
            PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
            Sequence press = new Sequence(finger, 0)
                    .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(bubble), 0, 0))
                    .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                    .addAction(new org.openqa.selenium.interactions.Pause(finger, Duration.ofMillis(800)))
                    .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            page.driver.perform(List.of(press));
        } else {
            new Actions(page.driver).moveToElement(li).perform();
            page.until(d -> li.findElement(tid("message-actions")).isDisplayed());
            li.findElement(tid("message-actions")).click();
        }
        page.el("message-menu");
    }

    private static boolean recalledShown(DuetPage page, String note) {
        return Boolean.TRUE.equals(page.js("return [...document.querySelectorAll('[data-testid=message][data-state=recalled]')]"
                + ".some(li => li.textContent === arguments[0]);", note));
    }

    private static String preview(DuetPage page, long peer) {
        return page.text(By.cssSelector("[data-testid='chat-item'][data-peer='" + peer + "'] [data-testid='chat-item-preview']"));
    }

    private void replyRecallAndDelete(int width, int height) {
        boolean phone = width < 700;
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "What time is dinner?");
        api.send(bob, ann.id(), "Bring bread");
        DuetPage page = signedInBrowser(ann, width, height, "en-US");
        page.openChat(bob.id());

        // Reply: the quote bar, Esc cancels it; then the reply carries the quote.
        openActions(page, "What time is dinner?", phone);
        page.click(tid("action-reply"));
        assertThat(page.text(tid("reply-bar-quote"))).isEqualTo("What time is dinner?");
        Axe.assertNoSeriousViolations(page, "replying");
        page.el("composer-input").sendKeys(Keys.ESCAPE);
        page.until(d -> !d.findElement(tid("reply-bar")).isDisplayed());
        openActions(page, "What time is dinner?", phone);
        page.click(tid("action-reply"));
        page.send("Seven");
        WebElement reply = page.waitForMessage("Seven");
        page.until(d -> reply.findElement(tid("message-quote")).getText().equals("Bob: What time is dinner?"));
        JsonNode stored = api.history(bob, ann.id()).path("messages");
        assertThat(stored.get(stored.size() - 1).path("replyTo").path("seq").asLong()).isEqualTo(1);
        page.until(d -> !d.findElement(tid("reply-bar")).isDisplayed());
        // Clicking the quote shows the original.
        page.waitForMessage("Seven").findElement(tid("message-quote")).click();
        page.until(d -> page.inView(page.waitForMessage("What time is dinner?")));

        // Recall my own message: a note in its place, and in the chat list.
        openActions(page, "Seven", phone);
        page.el("action-recall");
        Axe.assertNoSeriousViolations(page, "message menu");
        Browsers.screenshot(page.driver, phone ? "41-phone-message-actions" : "40-message-actions-and-reply");
        page.click(tid("action-recall"));
        page.until(d -> recalledShown(page, "You recalled a message"));
        assertThat(page.countMessages("Seven")).isZero();
        JsonNode bobs = api.history(bob, ann.id()).path("messages");
        assertThat(bobs.get(bobs.size() - 1).path("text").asText()).isEmpty();
        assertThat(bobs.get(bobs.size() - 1).path("recalledAt").isIntegralNumber()).isTrue();
        if (!phone) page.until(d -> preview(page, bob.id()).equals("You recalled a message"));

        // Delete for me (confirmed): gone here, still in Bob's copy.
        openActions(page, "Bring bread", phone);
        page.click(tid("action-delete"));
        page.click(tid("confirm-ok"));
        page.until(d -> page.countMessages("Bring bread") == 0);
        assertThat(api.history(ann, bob.id()).path("messages").findValuesAsText("text")).doesNotContain("Bring bread");
        assertThat(api.history(bob, ann.id()).path("messages").findValuesAsText("text")).contains("Bring bread");
        assertCleanConsole(page);
    }

    @Test
    void reply_recall_and_delete_for_me_on_a_desktop() {
        replyRecallAndDelete(DESKTOP_W, DESKTOP_H);
    }

    @Test
    void reply_recall_and_delete_for_me_on_a_phone_with_a_long_press() {
        replyRecallAndDelete(PHONE_W, PHONE_H);
    }

    @Test
    void the_peer_sees_a_recall_live_and_a_client_that_was_away_catches_up_on_it() {
        Contacts c = contacts("Ann", "Bob");
        Session ann = c.ann(), bob = c.bob();
        api.send(bob, ann.id(), "hello");
        DuetPage anns = chatWith(ann, bob);
        DuetPage bobs = chatWith(bob, ann);
        anns.send("wrong chat!");
        bobs.waitForMessage("wrong chat!");

        openActions(anns, "wrong chat!", false);
        anns.click(tid("action-recall"));
        bobs.until(d -> recalledShown(bobs, "Ann recalled a message"));
        bobs.until(d -> preview(bobs, ann.id()).equals("Ann recalled a message"));
        Browsers.screenshot(bobs.driver, "42-recalled-message");

        // An old message recalled while Bob's tab is offline: back online, the tab catches up on it
        // through its change cursor (the message itself it already had).
        JsonNode m = api.send(ann, bob.id(), "second thoughts");
        bobs.waitForMessage("second thoughts");
        setOffline(bobs, true);
        bobs.until(d -> Set.of("offline", "reconnecting")
                .contains(d.findElement(tid("connection-status")).getDomAttribute("data-state")));
        api.post("/api/chats/" + bob.id() + "/messages/" + m.path("seq").asLong() + "/recall").as(ann).send().expect(200);
        setOffline(bobs, false);
        bobs.until(d -> "online".equals(d.findElement(tid("connection-status")).getDomAttribute("data-state")));
        bobs.until(d -> Boolean.TRUE.equals(bobs.js(
                "return document.querySelectorAll('[data-testid=message][data-state=recalled]').length === 2;")));
        assertThat(bobs.countMessages("second thoughts")).isZero();
        assertCleanConsole(bobs);
    }

    private static void setOffline(DuetPage page, boolean offline) {
        page.driver.executeCdpCommand("Network.enable", Map.of());
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Ann, with Bob and Cat as contacts; Cat's chat has a message, so it is one to forward to. */
    private record ForwardSetUp(Session ann, Session bob, Session cat) { }

    private ForwardSetUp forwardSetUp() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session bob = api.register(username("bob"), PASSWORD, "Bob");
        Session cat = api.register(username("cat"), PASSWORD, "Cat");
        api.makeContacts(ann, bob);
        api.makeContacts(ann, cat);
        api.send(cat, ann.id(), "hi Ann");
        return new ForwardSetUp(ann, bob, cat);
    }

    @Test
    void copy_and_forward_a_message_to_another_chat() {
        ForwardSetUp u = forwardSetUp();
        Session ann = u.ann(), bob = u.bob(), cat = u.cat();
        api.send(bob, ann.id(), "The code is 4711");
        DuetPage page = chatWith(ann, bob);

        openActions(page, "The code is 4711", false);
        page.click(tid("action-copy"));
        page.until(d -> d.findElement(tid("toast")).getText().equals("Copied"));

        openActions(page, "The code is 4711", false);
        page.click(tid("action-forward"));
        page.click(By.cssSelector("[data-testid='forward-target'][data-peer='" + cat.id() + "']"));
        page.until(d -> api.history(cat, ann.id()).path("messages").findValuesAsText("text").contains("The code is 4711"));
        assertCleanConsole(page);
    }

    @Test
    void a_picture_without_a_caption_is_forwarded_with_its_picture() {
        ForwardSetUp u = forwardSetUp();
        Session ann = u.ann(), bob = u.bob(), cat = u.cat();
        String upload = api.post("/api/uploads?name=view.png").as(bob).header("Content-Type", "application/octet-stream")
                .body(app.duet.testing.Pictures.png(120, 80)).send().expect(201).json().path("upload").path("id").asText();
        api.post("/api/chats/" + ann.id() + "/messages").as(bob).json(Map.of("attachments", List.of(upload))).send().expect(201);
        DuetPage page = chatWith(ann, bob);

        // No text to copy, but the picture to forward.
        WebElement li = page.until(d -> d.findElement(By.cssSelector("[data-testid='message'] [data-testid='thumbnail']")))
                .findElement(By.xpath("./ancestor::li[@data-testid='message']"));
        new Actions(page.driver).moveToElement(li).perform();
        page.until(d -> li.findElement(tid("message-actions")).isDisplayed());
        li.findElement(tid("message-actions")).click();
        page.el("message-menu");
        assertThat(page.driver.findElements(tid("action-copy"))).isEmpty();
        page.click(tid("action-forward"));
        page.click(By.cssSelector("[data-testid='forward-target'][data-peer='" + cat.id() + "']"));
        page.until(d -> d.findElement(tid("toast")).getText().equals("Forwarded to Cat"));

        // Cat gets a picture of her own copy (another file id, the same picture), and can open it.
        JsonNode sent = page.until(d -> {
            JsonNode last = api.history(cat, ann.id()).path("messages").get(1);
            return last != null && last.path("attachments").size() == 1 ? last : null;
        });
        JsonNode picture = sent.path("attachments").get(0);
        assertThat(picture.path("kind").asText()).isEqualTo("image");
        assertThat(picture.path("width").asInt()).isEqualTo(120);
        assertThat(picture.path("id").asText()).isNotEqualTo(upload);
        api.get("/api/files/" + picture.path("id").asText()).as(cat).send().expect(200);
        page.openChat(cat.id());
        page.until(d -> Boolean.TRUE.equals(page.js("const i = [...document.querySelectorAll('[data-testid=message] [data-testid=thumbnail]')].at(-1);"
                + "return !!i && i.complete && i.naturalWidth > 0;")));
        assertCleanConsole(page);
    }
}
