package app.duet.webclient;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** store.js is the web client's only writer of state: no other module assigns into `state`. */
class StoreOwnershipTest {
    private static final Path JS = Path.of("src/main/resources/public/js");
    // state.x = …, state.x.y = …, state.x++ / += …, and state.map.set/delete/clear(…)
    private static final Pattern WRITE = Pattern.compile(
            "\\bstate\\.\\w+(\\.\\w+)*\\s*(=(?!=)|\\+\\+|--|[-+*/]=)|\\bstate\\.\\w+\\.(set|delete|clear)\\(");

    @Test
    void no_module_but_store_js_assigns_into_state() throws IOException {
        List<String> writes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(JS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                if (f.getFileName().toString().equals("store.js")) continue;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (WRITE.matcher(lines.get(i)).find()) writes.add(JS.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertThat(writes).as("writes into state outside store.js (use a store operation)").isEmpty();
    }

    @Test
    void the_check_recognises_a_write() {
        assertThat(WRITE.matcher("  state.openPeer = peer;").find()).isTrue();
        assertThat(WRITE.matcher("  state.chats.get(p).unread += 1;").find()).isFalse();   // a plain grep: writes through a call are not caught
        assertThat(WRITE.matcher("  state.online.set(id, true);").find()).isTrue();
        assertThat(WRITE.matcher("  if (state.openPeer === peer) return;").find()).isFalse();
    }
}
