package app.duet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generator's I/O threads: each runs one selector that finishes its sockets' connects, reads
 * them (and finishes their writes when a socket's send buffer was full). Sockets are dealt out
 * in turn.
 */
final class Readers implements AutoCloseable {
    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    Readers(int threads) {
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop();
            Thread.ofPlatform().daemon().name("bench-io-" + i).start(loops[i]);
        }
    }

    /** Hands a connected socket to one of the loops, which reads it from then on. */
    void add(WireSocket socket) {
        loops[Math.floorMod(next.getAndIncrement(), loops.length)].add(socket);
    }

    @Override
    public void close() {
        for (Loop loop : loops) loop.stop();
    }

    /** One selector thread. */
    static final class Loop implements Runnable {
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;

        Loop() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void add(WireSocket socket) {
            run(() -> socket.register(this, selector));
        }

        /** Runs a task on this loop's thread (registrations, interest changes). */
        void run(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(1000);
                    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) task.run();
                    var keys = selector.selectedKeys();
                    for (SelectionKey key : keys) {
                        WireSocket socket = (WireSocket) key.attachment();
                        try {
                            if (key.isValid() && key.isConnectable()) socket.connectable();
                            if (key.isValid() && key.isWritable()) socket.flush();
                            if (key.isValid() && key.isReadable()) socket.readable();
                        } catch (CancelledKeyException e) {
                            socket.ended(e);
                        }
                    }
                    keys.clear();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing on the way out
                }
            }
        }
    }
}
