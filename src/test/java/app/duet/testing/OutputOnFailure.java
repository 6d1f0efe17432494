package app.duet.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Shows what a test printed only when it fails, as Javalin's {@code TestUtil} does: the server's logs
 * (Logback's console appender writes to whatever {@code System.out} is at the time), lines on
 * {@code System.err} (Selenium, the JDK) and a test's own {@code printf} are kept in memory while a
 * test class runs, printed after a failed test and dropped after a passing one.
 *
 * <p>What a class prints before its first test ({@code @BeforeAll}: the server starting) is shown
 * with each of its failing tests, and on its own when {@code @BeforeAll} or {@code @AfterAll} fail.
 * Outside test classes (JUnit starting up) output passes straight through.
 * {@code -Dduet.test.output=all} prints every test's output, passing or not (some tests print figures).
 *
 * <p>Registered for every test class in {@code META-INF/services/org.junit.jupiter.api.extension.Extension},
 * enabled by {@code junit.jupiter.extensions.autodetection.enabled} in {@code junit-platform.properties}.
 * Tests run one at a time in one JVM (surefire's default), so one buffer serves: output from a
 * server thread of the running class goes to that class's buffer whichever thread printed it.
 */
public final class OutputOnFailure implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OutputOnFailure.class);
    private static final boolean SHOW_ALL = "all".equals(System.getProperty("duet.test.output"));
    private static final int MAX_BYTES = 8 << 20;

    private static final Object LOCK = new Object();
    private static final PrintStream ORIGINAL_OUT = System.out;
    private static final PrintStream ORIGINAL_ERR = System.err;
    private static byte[] buffer = new byte[64 << 10];
    private static int size;
    private static long dropped;
    private static int depth; // test classes (and nested classes) running; > 0: capturing
    private static int testMark = -1; // where the running test's output starts; -1 between tests

    static {
        System.setOut(new PrintStream(new Router(ORIGINAL_OUT), true, ORIGINAL_OUT.charset()));
        System.setErr(new PrintStream(new Router(ORIGINAL_ERR), true, ORIGINAL_ERR.charset()));
    }

    /** Into the buffer while a test class runs, else to where the stream went before. */
    private static final class Router extends OutputStream {
        private final PrintStream original;

        Router(PrintStream original) { this.original = original; }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (LOCK) {
                if (depth > 0) {
                    append(b, off, len);
                    return;
                }
            }
            original.write(b, off, len);
        }

        @Override
        public void flush() {
            original.flush();
        }
    }

    private static void append(byte[] b, int off, int len) {
        if (size + len > MAX_BYTES) {
            dropped += len;
            return;
        }
        if (size + len > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(size + len, Math.min(MAX_BYTES, buffer.length * 2)));
        System.arraycopy(b, off, buffer, size, len);
        size += len;
    }

    private static int mark() {
        synchronized (LOCK) { return size; }
    }

    /** Forgets everything after {@code mark}; returns it first if {@code show}. */
    private static void release(int mark, boolean show, String what) {
        byte[] out = null;
        long lost;
        synchronized (LOCK) {
            if (show && size > 0) out = Arrays.copyOf(buffer, size);
            lost = dropped;
            size = Math.min(size, mark);
            if (size == 0) dropped = 0;
            if (buffer.length > (1 << 20) && size < (64 << 10)) buffer = Arrays.copyOf(buffer, 64 << 10);
        }
        if (out == null) return;
        ORIGINAL_OUT.println("---------------- output of " + what + " ----------------");
        ORIGINAL_OUT.write(out, 0, out.length);
        if (lost > 0) ORIGINAL_OUT.println("[... " + lost + " more bytes not kept]");
        ORIGINAL_OUT.println("---------------- end of output of " + what + " ----------------");
        ORIGINAL_OUT.flush();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            context.getStore(NS).put("mark", size);
            depth++;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer mark = context.getStore(NS).remove("mark", Integer.class);
        if (mark == null) return; // our beforeAll did not run
        Optional<Throwable> failure = context.getExecutionException();
        release(mark, failure.isPresent(), context.getDisplayName() + " (set-up or tear-down failed: " + failure.map(Object::toString).orElse("") + ")");
        synchronized (LOCK) { depth--; }
    }

    // A TestWatcher runs after the test's ExtensionContext.Store is closed, so the test's mark is kept
    // here (tests run one at a time).
    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (LOCK) { testMark = size; }
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        finished(context, SHOW_ALL, "passed");
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        finished(context, SHOW_ALL, "aborted");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        finished(context, true, "FAILED");
    }

    private static void finished(ExtensionContext context, boolean show, String outcome) {
        int mark;
        synchronized (LOCK) {
            mark = testMark < 0 ? size : testMark;
            testMark = -1;
        }
        release(mark, show, name(context) + " (" + outcome + ")");
    }

    private static String name(ExtensionContext context) {
        String cls = context.getTestClass().map(Class::getSimpleName).orElse("?");
        String method = context.getTestMethod().map(m -> m.getName()).orElse("");
        String display = context.getDisplayName();
        return cls + "." + method + (display.startsWith(method + "(") ? "()" : "() " + display);
    }
}
