package app.duet.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket of the generator, spoken directly over a non-blocking {@link SocketChannel}
 * (RFC 6455, text frames, no extensions): the JDK client spent a whole core at 20,000 msg/s and
 * could not keep the schedule (docs/decisions/0011-own-websocket-client-for-the-generator.md).
 *
 * <p>Connecting never blocks the caller: the TCP connect finishes on the socket's reader
 * ({@link Readers}), which then writes the upgrade request, so an open-loop schedule of new
 * connections is kept even when the server's accept queue is full. Frames are written by
 * whoever sends them, at once, under this socket's lock; what the kernel does not take waits in
 * a buffer bounded in bytes, which the socket's reader flushes when the channel is writable
 * again. Incoming frames are parsed by the reader and each whole text frame is handed to the
 * {@link Sink} with its arrival time.
 *
 * <p>The read buffer starts small (an idle socket costs little: the {@code connect} workload
 * holds tens of thousands) and doubles, up to {@value #READ_BUFFER_MAX} bytes, whenever one
 * read fills it; a frame larger than that grows it further, up to {@link WsCodec#MAX_FRAME}.
 */
final class WireSocket {
    /** Receives every whole text frame, on a reader thread. */
    interface Sink {
        void frame(WireSocket socket, String frame, long arrivedNanos);
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int READ_BUFFER_START = 2 * 1024;
    private static final int READ_BUFFER_MAX = 16 * 1024;

    final BenchUser user;
    final int index;
    private final SocketChannel channel;
    private final Sink sink;
    private final String expectedAccept;
    private final int maxPendingBytes;
    private final CompletableFuture<WireSocket> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final long connectStartNanos;
    private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_START);
    private ByteBuffer pending = ByteBuffer.allocate(0); // unwritten output, in read mode
    private int peakPendingBytes;
    private boolean upgraded;
    private Readers.Loop loop;
    private SelectionKey key;
    private final StringBuilder fragments = new StringBuilder(0);
    private final AtomicInteger pingsAnswered = new AtomicInteger();
    private volatile long openedNanos;
    private volatile int closeCode = -1;

    private WireSocket(SocketChannel channel, BenchUser user, int index, Sink sink, String key, int maxPendingBytes, long startNanos) {
        this.channel = channel;
        this.user = user;
        this.index = index;
        this.sink = sink;
        this.expectedAccept = accept(key);
        this.maxPendingBytes = maxPendingBytes;
        this.connectStartNanos = startNanos;
        // whoever completes the future first with a failure (a caller's timeout, say) ends the socket
        var unused = opened.whenComplete((s, failure) -> { // nothing waits on this stage
            if (failure != null) ended(failure);
        });
    }

    /**
     * Starts the TCP connect without waiting for it and hands the socket to a reader, which sends
     * the upgrade request once connected; the future completes when the server's {@code 101} has
     * been read, and fails if the connect or the upgrade does. Completing it exceptionally from
     * outside (a timeout) closes the socket.
     *
     * @param localAddress the source address to connect from, or null for any
     */
    static CompletableFuture<WireSocket> open(Readers readers, URI ws, InetAddress localAddress, BenchUser user, int index,
                                              Sink sink, int maxPendingBytes) {
        long start = System.nanoTime();
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            if (localAddress != null) channel.bind(new InetSocketAddress(localAddress, 0));
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            int port = ws.getPort() > 0 ? ws.getPort() : 80;
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + user.token() + "\r\n\r\n";
            WireSocket socket = new WireSocket(channel, user, index, sink, key, maxPendingBytes, start);
            socket.pending = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)); // written once connected
            channel.connect(new InetSocketAddress(ws.getHost(), port));
            readers.add(socket);
            return socket.opened;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Nanoseconds from the start of the TCP connect to the end of the upgrade. */
    long handshakeNanos() {
        return openedNanos - connectStartNanos;
    }

    /** When the {@code 101} was read ({@link System#nanoTime()}), or 0 before. */
    long upgradedAtNanos() {
        return openedNanos;
    }

    /** The code of the close frame the server sent, or -1 if none came (yet). */
    int closeCode() {
        return closeCode;
    }

    /** How many of the server's pings this socket has answered. */
    int pingsAnswered() {
        return pingsAnswered.get();
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Writes one text frame now, or after those still waiting.
     *
     * @return false if the socket's waiting output would pass its bound (or it is closed): not sent
     */
    boolean send(String text) {
        byte[] frame = WsCodec.encode(WsCodec.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
        synchronized (this) {
            if (closed.isDone()) return false;
            try {
                if (pending.hasRemaining()) return queue(ByteBuffer.wrap(frame));
                ByteBuffer out = ByteBuffer.wrap(frame);
                channel.write(out);
                return !out.hasRemaining() || queue(out);
            } catch (IOException e) {
                ended(e);
                return false;
            }
        }
    }

    /** Keeps what the kernel did not take, and asks the reader to flush it when writable. */
    private boolean queue(ByteBuffer rest) {
        if (pending.remaining() + rest.remaining() > maxPendingBytes) return false;
        ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + rest.remaining());
        joined.put(pending).put(rest).flip();
        boolean wasEmpty = !pending.hasRemaining();
        pending = joined;
        peakPendingBytes = Math.max(peakPendingBytes, pending.remaining());
        if (wasEmpty && loop != null) loop.run(this::wantWrite);
        return true;
    }

    private void wantWrite() {
        if (key != null && key.isValid()) key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }

    /** Reader thread: the channel is writable again. */
    synchronized void flush() {
        try {
            channel.write(pending);
            if (!pending.hasRemaining() && key.isValid()) key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            ended(e);
        }
    }

    synchronized int peakPendingBytes() {
        return peakPendingBytes;
    }

    void register(Readers.Loop owner, Selector selector) {
        try {
            loop = owner;
            int ops = channel.isConnectionPending() ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
            key = channel.register(selector, ops, this);
        } catch (ClosedChannelException e) {
            ended(e);
        }
    }

    /** Reader thread: the TCP connect has finished (or failed); the upgrade request goes out. */
    void connectable() {
        try {
            if (!channel.finishConnect()) return;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            flush();
        } catch (IOException e) {
            ended(e);
        }
    }

    /** Reader thread: bytes have arrived. */
    void readable() {
        try {
            int room = in.remaining();
            int n = channel.read(in);
            long now = System.nanoTime();
            if (n < 0) {
                ended(null);
                return;
            }
            boolean filled = n == room;
            in.flip();
            if (!upgraded && !readUpgrade()) {
                in.compact();
                return;
            }
            while (readFrame(now)) {
                // one frame at a time
            }
            in.compact();
            if (filled && in.capacity() < READ_BUFFER_MAX) { // busy: read more at a time from now on
                in.flip();
                grow(in.capacity() * 2);
                in.compact();
            }
        } catch (IOException | RuntimeException e) {
            ended(e);
        }
    }

    /** Reads the HTTP answer to the upgrade; false until all of its header is here. */
    private boolean readUpgrade() throws IOException {
        int end = -1;
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            if (in.limit() == in.capacity()) {
                if (in.capacity() >= READ_BUFFER_MAX) throw new IOException("upgrade answer too long");
                grow(in.capacity() * 2);
            }
            return false;
        }
        byte[] head = new byte[end - in.position()];
        in.get(head);
        String answer = new String(head, StandardCharsets.ISO_8859_1);
        if (!answer.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + answer.lines().findFirst().orElse(""));
        }
        if (!answer.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-accept: " + expectedAccept.toLowerCase(java.util.Locale.ROOT))) {
            throw new IOException("upgrade answer without the right Sec-WebSocket-Accept");
        }
        upgraded = true;
        openedNanos = System.nanoTime();
        opened.complete(this);
        return true;
    }

    /** Handles one whole frame from {@code in} if there is one. */
    private boolean readFrame(long now) throws IOException {
        WsCodec.Frame frame = WsCodec.decode(in);
        if (frame == null) {
            if (in.position() == 0 && in.limit() == in.capacity()) grow(in.capacity() * 2);
            return false;
        }
        switch (frame.opcode()) {
            case WsCodec.TEXT, WsCodec.CONTINUATION -> {
                String part = new String(frame.payload(), StandardCharsets.UTF_8);
                if (frame.fin() && fragments.isEmpty()) {
                    sink.frame(this, part, now);
                } else {
                    fragments.append(part);
                    if (frame.fin()) {
                        String whole = fragments.toString();
                        fragments.setLength(0);
                        sink.frame(this, whole, now);
                    }
                }
            }
            case WsCodec.CLOSE -> {
                byte[] p = frame.payload();
                if (p.length >= 2) closeCode = ((p[0] & 0xff) << 8) | (p[1] & 0xff);
                control(WsCodec.CLOSE, new byte[0]);
                ended(null);
                return false;
            }
            case WsCodec.PING -> {
                control(WsCodec.PONG, frame.payload());
                pingsAnswered.incrementAndGet();
            }
            default -> { } // pong, binary: not used by Duet
        }
        return true;
    }

    /** Makes room for a frame larger than the buffer (bounded by {@link WsCodec#MAX_FRAME}). */
    private void grow(int capacity) throws IOException {
        if (capacity > WsCodec.roomFor(WsCodec.MAX_FRAME) * 2) throw new IOException("frame too large");
        ByteBuffer bigger = ByteBuffer.allocate(capacity);
        bigger.put(in);
        bigger.flip();
        in = bigger;
    }

    private void control(int opcode, byte[] payload) {
        synchronized (this) {
            try {
                ByteBuffer out = ByteBuffer.wrap(WsCodec.encode(opcode, payload, true));
                if (pending.hasRemaining()) queue(out);
                else {
                    channel.write(out);
                    if (out.hasRemaining()) queue(out);
                }
            } catch (IOException e) {
                ended(e);
            }
        }
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The connection is over (closed by either side, or failed). */
    void ended(Throwable cause) {
        if (!opened.isDone()) {
            opened.completeExceptionally(cause != null ? cause : new IOException("closed during the upgrade"));
        }
        if (cause == null) closed.complete(null);
        else closed.completeExceptionally(cause);
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    void close() {
        if (!closed.isDone() && upgraded) control(WsCodec.CLOSE, new byte[] {0x03, (byte) 0xe8}); // 1000: done
        ended(null);
    }
}
