package app.duet.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core (the webjar org.webjars.npm:axe-core, a test dependency) run inside the page: the
 * WCAG 2 A and AA rules, failing on any serious or critical violation (contrast is serious).
 * The script is injected through WebDriver, which the page's CSP does not govern.
 */
final class Axe {
    static final String VERSION = "4.6.3";
    private static final String RESOURCE = "META-INF/resources/webjars/axe-core/" + VERSION + "/axe.min.js";
    private static String source;

    private Axe() { }

    private static synchronized String source() {
        if (source == null) {
            try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException(RESOURCE + " is not on the test classpath");
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    /** The serious and critical violations on the page as it is now, one line each. */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(DuetPage page) {
        if (!Boolean.TRUE.equals(page.js("return typeof window.axe === 'object';"))) page.js(source());
        Object result = page.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
                  .then((r) => done(r.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .flatMap((v) => v.nodes.map((n) => v.impact + ' ' + v.id + ' ' + n.target.join(' ')
                        + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')))))
                  .catch((e) => done(['axe failed: ' + e]));
                """);
        return (List<String>) result;
    }

    /** Fails with every serious or critical violation, naming the screen. */
    static void assertNoSeriousViolations(DuetPage page, String screen) {
        assertThat(seriousViolations(page)).as("axe-core serious/critical violations on " + screen).isEmpty();
    }

    /** Emulates the system's light or dark colour scheme (prefers-color-scheme). */
    static void colorScheme(DuetPage page, String scheme) {
        page.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
                "features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }
}
