package app.duet.webclient;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the web client's JavaScript unit tests (src/test/js/*.test.js) on GraalJS, without a
 * browser: each file is imported as an ES module in a fresh context (so module state starts
 * clean), after support/browser.js has put a pretend browser in place, and each test it
 * registers becomes one JUnit test, so Surefire counts and reports them like any other.
 * GraalJS runs interpreted on a stock JDK: slow to warm up, ample for unit tests.
 */
class WebClientJsTest {
    private static final Path JS_TESTS = Path.of("src/test/js");
    private static final Engine ENGINE = Engine.newBuilder("js")
            .option("engine.WarnInterpreterOnly", "false")
            .build();

    @AfterAll
    static void closeEngine() { ENGINE.close(); }

    @TestFactory
    Stream<DynamicNode> javascript_unit_tests() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(JS_TESTS)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".test.js")).sorted().toList();
        }
        if (files.isEmpty()) fail("no JavaScript tests found in " + JS_TESTS.toAbsolutePath());
        return files.stream().map(WebClientJsTest::suite);
    }

    private static DynamicNode suite(Path file) {
        Context context = Context.newBuilder("js")
                .engine(ENGINE)
                .allowIO(IOAccess.newBuilder().allowHostFileAccess(true).build())
                .build();
        try {
            Source source = Source.newBuilder("js", file.toAbsolutePath().toFile())
                    .mimeType("application/javascript+module").build();
            context.eval(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PolyglotException e) {
            context.close();
            return DynamicTest.dynamicTest(file.getFileName() + " loads", () -> fail(describe(e)));
        }
        Value registered = context.getBindings("js").getMember("__duetTests");
        Value run = context.getBindings("js").getMember("__duetRun");
        List<DynamicTest> tests = new ArrayList<>();
        long n = registered.getArraySize();
        for (int i = 0; i < n; i++) {
            int index = i;
            String name = registered.getArrayElement(i).getMember("name").asString();
            tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> runOne(context, run, index, n)));
        }
        return DynamicContainer.dynamicContainer(file.getFileName().toString(), file.toUri(), tests.stream());
    }

    private static void runOne(Context context, Value run, int index, long count) {
        AtomicReference<Object> result = new AtomicReference<>();
        try {
            // Promise jobs run before execute returns, and the fake clock has no real waits:
            // a test has finished (or is stuck for good) when this call comes back.
            run.execute(index, (ProxyExecutable) args -> {
                result.set(args[0].isNull() ? "" : args[0].asString());
                return null;
            });
        } catch (PolyglotException e) {
            fail(describe(e));
        } finally {
            if (index == count - 1) context.close();
        }
        Object r = result.get();
        if (r == null) fail("the test did not finish (a promise that never settles?)");
        if (!"".equals(r)) fail(String.valueOf(r));
    }

    private static String describe(PolyglotException e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame()) b.append("\n  at ").append(f);
        }
        return b.toString();
    }
}
