package app.duet.delivery;

import java.util.List;

/**
 * What travels on the {@link EventBus}: a frame already serialized and encoded
 * ({@link OutboundFrame}: encoded once, however many sockets it reaches) and who gets it. The
 * database is the record; the bus only carries signals, and a client that misses one sees a seq
 * gap and fetches from storage.
 */
public sealed interface BusMessage {

    /**
     * To every connection of these users, except {@code exceptConnectionId} (may be null).
     * {@code order} is set for a pair's {@code message} event (null for every other frame), so that
     * a node receiving messages from many publishers can keep each pair's seq order.
     */
    record ToUsers(List<Long> userIds, String exceptConnectionId, OutboundFrame frame, PairSeq order) implements BusMessage {
        public ToUsers(List<Long> userIds, String exceptConnectionId, OutboundFrame frame) {
            this(userIds, exceptConnectionId, frame, null);
        }
    }

    /** A pair's message event is the pair's {@code seq}-th: {@code lo < hi} are the pair's user ids. */
    record PairSeq(long lo, long hi, long seq) { }

    /** To every connection on the node (a {@code resync} hint after the bus lost messages). */
    record ToEveryone(OutboundFrame frame) implements BusMessage { }

    /** To one connection only (an ack or a refusal). */
    record ToConnection(String connectionId, OutboundFrame frame) implements BusMessage { }

    /** Close every connection opened with this session, with the given close code. */
    record CloseSession(String sessionKey, int closeCode, String reason) implements BusMessage { }
}
