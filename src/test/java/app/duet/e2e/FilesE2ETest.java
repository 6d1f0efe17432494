package app.duet.e2e;

import app.duet.testing.ApiClient.Session;
import app.duet.testing.Pictures;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static app.duet.e2e.DuetPage.tid;
import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * rich-files: attaching pictures and files by the button, by pasting a screenshot and by dropping a
 * file, with the tray's preview and progress; the peer's thumbnail, the full-size viewer (Esc, the
 * close button, the keyboard), download links, and "[Photo]" / "[File] name" in the chat list; at
 * desktop and phone sizes, in English and Chinese.
 */
class FilesE2ETest extends BrowserTestBase {
    static final int PHONE_W = 390;
    static final int PHONE_H = 844;

    private static Path tempFile(String name, byte[] bytes) {
        try {
            Path dir = Files.createTempDirectory("duet-e2e-files");
            Path f = dir.resolve(name);
            Files.write(f, bytes);
            f.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Chooses files with the attach button's file input (shown for Selenium, as a user's file chooser would fill it). */
    private static void chooseFiles(DuetPage page, Path... files) {
        WebElement input = page.driver.findElement(tid("attach-input"));
        page.js("arguments[0].hidden = false;", input);
        StringBuilder paths = new StringBuilder();
        for (Path f : files) paths.append(paths.isEmpty() ? "" : "\n").append(f.toAbsolutePath());
        input.sendKeys(paths.toString());
        page.js("arguments[0].hidden = true;", input);
    }

    private static void waitTrayReady(DuetPage page, int n) {
        page.until(d -> {
            var items = d.findElements(tid("tray-item"));
            return items.size() == n && items.stream().allMatch(i -> "ready".equals(i.getDomAttribute("data-state"))) ? true : null;
        });
    }

    /** A thumbnail that has loaded from a blob: URL, in the message with this caption (or the last message). */
    private static WebElement loadedThumbnail(DuetPage page) {
        return page.until(d -> {
            Object img = page.js("const all = [...document.querySelectorAll('[data-testid=message] [data-testid=thumbnail]')];"
                    + "const img = all.at(-1); return img && img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:') ? img : null;");
            return (WebElement) img;
        });
    }

    private static String preview(DuetPage page, long peer) {
        return page.until(d -> d.findElement(page.chatItem(peer)).findElement(tid("chat-item-preview")).getText());
    }

    @Test
    void a_picture_attached_with_the_button_goes_with_its_caption_and_opens_full_size_in_the_viewer() {
        Contacts c = contacts("Ann", "Bob");
        api.send(c.bob(), c.ann().id(), "send me the photo");
        DuetPage bob = chatWith(c.bob(), c.ann());
        DuetPage ann = chatWith(c.ann(), c.bob());

        chooseFiles(ann, tempFile("beach.png", Pictures.png(640, 480)));
        // a preview at once, with the name (the tray is drawn again as the upload goes: looked up afresh)
        ann.until(d -> d.findElements(By.cssSelector("[data-testid='tray-item'] img.tray-preview")).size() == 1 ? true : null);
        assertThat(ann.text(tid("tray-item"))).contains("beach.png");
        waitTrayReady(ann, 1);
        ann.send("At the beach");
        ann.until(d -> d.findElements(tid("tray-item")).isEmpty());
        loadedThumbnail(ann);

        // Bob sees the thumbnail with the caption, and the chat list says it is a photo
        WebElement bobMessage = bob.waitForMessage("At the beach");
        WebElement thumb = loadedThumbnail(bob);
        assertThat(bobMessage.findElements(tid("thumbnail"))).hasSize(1);
        assertThat(thumb.getDomAttribute("alt")).contains("beach.png");
        Browsers.screenshot(bob.driver, "files-1-picture-in-chat");
        bob.openChat(c.ann().id());
        assertThat(preview(bob, c.ann().id())).isEqualTo("[Photo] At the beach");

        // the viewer: opened from the keyboard, closed with Esc, the focus back on the thumbnail
        WebElement open = bob.until(d -> d.findElement(By.cssSelector("[data-testid='message'] [data-testid='open-picture']")));
        bob.js("arguments[0].focus();", open);
        open.sendKeys(Keys.ENTER);
        WebElement full = bob.until(d -> {
            Object img = bob.js("const i = document.querySelector('[data-testid=viewer-image]');"
                    + "return i && i.complete && i.naturalWidth > 0 ? i : null;");
            return (WebElement) img;
        });
        assertThat(((Number) bob.js("return arguments[0].naturalWidth;", full)).intValue()).isEqualTo(640);
        assertThat(bob.el("viewer-download").getDomAttribute("download")).isEqualTo("beach.png");
        Browsers.screenshot(bob.driver, "files-2-picture-viewer");
        bob.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        bob.until(d -> Boolean.FALSE.equals(bob.js("return document.getElementById('viewer').open;")));
        assertThat(bob.js("return document.activeElement.dataset.testid;")).isEqualTo("open-picture");
        assertThat(bob.driver.findElement(tid("chat-view")).isDisplayed()).isTrue();   // Esc closed the viewer only
        assertCleanConsole(ann);
        assertCleanConsole(bob);
    }

    @Test
    void a_pasted_screenshot_is_sent_without_a_caption_on_a_phone_and_the_viewer_closes_with_its_button() {
        Contacts c = contacts("Ann", "Bob");
        api.send(c.bob(), c.ann().id(), "hi");
        DuetPage ann = signedInBrowser(c.ann(), PHONE_W, PHONE_H, "en-US");
        ann.openChat(c.bob().id());
        ann.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const c = document.createElement('canvas'); c.width = 300; c.height = 200;"
                + "const g = c.getContext('2d'); g.fillStyle = '#c33'; g.fillRect(0, 0, 300, 200);"
                + "c.toBlob((b) => { const dt = new DataTransfer(); dt.items.add(new File([b], 'image.png', {type: 'image/png'}));"
                + "document.getElementById('composer-input').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));"
                + "done(); }, 'image/png');");
        waitTrayReady(ann, 1);
        assertThat(ann.driver.findElement(tid("composer-input")).getDomProperty("value")).isEmpty();
        Browsers.screenshot(ann.driver, "files-3-phone-pasted-screenshot");
        ann.click(tid("send"));
        loadedThumbnail(ann);
        // (The thumbnail shows from the outbox before the server has it stored: wait for the copy.)
        JsonNode last = ann.until(d -> api.history(c.bob(), c.ann().id()).path("messages").get(1));
        assertThat(last.path("text").asText()).isEmpty();
        assertThat(last.path("attachments").get(0).path("kind").asText()).isEqualTo("image");
        assertThat(last.path("attachments").get(0).path("width").asInt()).isEqualTo(300);

        // the viewer fills the phone's screen and closes with its button
        ann.click(By.cssSelector("[data-testid='message'] [data-testid='open-picture']"));
        ann.until(d -> Boolean.TRUE.equals(ann.js("const i = document.querySelector('[data-testid=viewer-image]'); return !!i && i.naturalWidth > 0;")));
        assertThat(((Number) ann.js("return document.getElementById('viewer').getBoundingClientRect().width;")).intValue()).isEqualTo(PHONE_W);
        ann.click(tid("viewer-close"));
        ann.until(d -> Boolean.FALSE.equals(ann.js("return document.getElementById('viewer').open;")));
        assertCleanConsole(ann);
    }

    @Test
    void a_dropped_file_shows_its_name_size_and_a_download_link_and_the_list_says_file_in_chinese() {
        Session ann = api.register(username("ann"), PASSWORD, "Ann");
        Session bob = api.register(username("bob"), PASSWORD, "王小明");
        api.makeContacts(ann, bob);
        api.send(bob, ann.id(), "你好");
        DuetPage bobPage = signedInBrowser(bob, DESKTOP_W, DESKTOP_H, "zh-CN");
        DuetPage annPage = chatWith(ann, bob);
        annPage.js("const dt = new DataTransfer();"
                + "dt.items.add(new File(['minutes of the meeting\\n'.repeat(100)], 'notes.txt', {type: 'text/plain'}));"
                + "const zone = document.getElementById('chat-view');"
                + "for (const type of ['dragenter', 'dragover', 'drop'])"
                + "  zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));");
        waitTrayReady(annPage, 1);
        annPage.send("the notes");
        WebElement link = annPage.until(d -> d.findElement(By.cssSelector("[data-testid='message'] [data-testid='file-link']")));
        assertThat(link.getText()).contains("notes.txt").contains("2 KB").contains("TXT");
        assertThat(link.getDomAttribute("download")).isEqualTo("notes.txt");
        assertThat(link.getDomAttribute("href")).startsWith("/api/files/");
        Browsers.screenshot(annPage.driver, "files-4-file-in-chat");

        assertThat(preview(bobPage, ann.id())).isEqualTo("[文件] notes.txt the notes");
        bobPage.openChat(ann.id());
        WebElement bobLink = bobPage.until(d -> d.findElement(By.cssSelector("[data-testid='message'] [data-testid='file-link']")));
        assertThat(bobLink.getDomAttribute("title")).isEqualTo("下载 notes.txt");
        // the link works with the browser's own session: the bytes come back, as a download
        Object status = bobPage.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status + ' ' + r.headers.get('content-disposition')));",
                bobLink.getDomAttribute("href"));
        assertThat(String.valueOf(status)).startsWith("200 attachment;");
        assertCleanConsole(annPage);
        assertCleanConsole(bobPage);
    }

    @Test
    void a_file_can_be_removed_from_the_tray_and_the_send_button_waits_for_uploads() {
        Contacts c = contacts("Ann", "Bob");
        api.send(c.bob(), c.ann().id(), "hi");
        DuetPage ann = chatWith(c.ann(), c.bob());
        chooseFiles(ann, tempFile("a.png", Pictures.png(50, 50)), tempFile("b.pdf", "%PDF-1.4 test".getBytes()));
        waitTrayReady(ann, 2);
        assertThat(ann.driver.findElement(tid("send")).isEnabled()).isTrue();   // files alone make a message
        ann.click(By.cssSelector("[data-testid='tray-item'] [data-testid='tray-remove']"));
        ann.until(d -> d.findElements(tid("tray-item")).size() == 1);
        ann.click(By.cssSelector("[data-testid='tray-item'] [data-testid='tray-remove']"));
        ann.until(d -> d.findElements(tid("tray-item")).isEmpty());
        assertThat(ann.driver.findElement(tid("attach-tray")).isDisplayed()).isFalse();
        assertThat(ann.driver.findElement(tid("send")).isEnabled()).isFalse();
        assertCleanConsole(ann);
    }

    @Test
    void a_file_over_the_servers_limit_is_refused_in_the_tray_before_any_upload() throws IOException {
        Contacts c = contacts("Ann", "Bob");
        api.send(c.bob(), c.ann().id(), "hi");
        DuetPage ann = chatWith(c.ann(), c.bob());
        JsonNode limits = api.get("/api/limits").as(c.ann()).send().expect(200).json();
        long max = limits.path("fileBytes").asLong();
        Path big = Files.createTempFile("duet-e2e-big", ".bin");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(max + 1);   // sparse: nothing is written, and nothing is uploaded
        }
        try {
            // the chat shown, the client has asked for the limits: wait for the answer
            ann.until(d -> (Boolean) ann.js("return performance.getEntriesByType('resource')"
                    + ".some((e) => e.name.endsWith('/api/limits') && e.responseEnd > 0);"));
            chooseFiles(ann, big);
            WebElement refused = ann.until(d -> d.findElement(tid("upload-refused")));
            assertThat(refused.getText()).contains("at most 25 MB");
            assertThat(ann.driver.findElements(tid("upload-progress"))).isEmpty();
            assertThat(ann.driver.findElement(tid("send")).isEnabled()).isFalse();
            ann.click(By.cssSelector("[data-testid='tray-item'] [data-testid='tray-remove']"));
            ann.until(d -> d.findElements(tid("tray-item")).isEmpty());
        } finally {
            Files.deleteIfExists(big);
        }
        assertCleanConsole(ann);
    }
}
