package app.duet.e2e;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;

/**
 * Starts Debian's headless Chromium through Debian's chromedriver. Both paths are fixed so that
 * Selenium Manager never tries to download a browser or a driver (the build machines are offline).
 */
final class Browsers {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String HOW_TO_ENABLE =
            "E2E browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing. "
            + "Enable them with: apt-get install -y chromium chromium-driver";

    private Browsers() { }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A fresh headless browser with its own profile (so its own cookie jar and localStorage). */
    static ChromeDriver start(int width, int height, String language) {
        Path profile;
        try {
            profile = Files.createTempDirectory("duet-e2e-chrome-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-features=Translate,MediaRouter",
                // Hidden or occluded windows must not be throttled: several browsers run at once.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--lang=" + language,
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // Windows have a minimum width, so the exact viewport (a 390 px phone too) comes from
        // device metrics emulation, which also sizes the screenshots.
        driver.manage().window().setSize(new Dimension(Math.max(width, 500), height + 100));
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 700));
        // Every browser's page has the focus, as a window someone is using would: reading
        // counts only in a focused window, and several headless browsers run side by side.
        driver.executeCdpCommand("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        return driver;
    }

    /**
     * Saves a PNG into target/screenshots/, or into docs/screenshots/ (the pictures the README
     * shows) when run with {@code -Dduet.updateScreenshots=true}: a plain test run leaves the
     * tracked pictures alone.
     */
    static Path screenshot(ChromeDriver driver, String name) {
        boolean update = Boolean.getBoolean("duet.updateScreenshots");
        Path dir = Path.of(System.getProperty("user.dir"), update ? "docs" : "target", "screenshots");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
