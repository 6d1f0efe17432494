package app.duet.protocol;

import app.duet.DuetConfig;

/**
 * The outbound-memory attack again, with a byte budget so large that no stalled socket is dropped:
 * every socket keeps all 300 frames queued, and the heap stays small only because each frame's
 * bytes are encoded once and shared by all the sockets it goes to.
 */
class SharedFramesMemoryTest extends OutboundMemoryTest {

    @Override
    protected void configure(DuetConfig.Builder b) {
        super.configure(b);
        b.outboundQueueBytes(1L << 30).outboundQueueFrames(4096);
    }

    @Override
    protected boolean stalledSocketsDropped() {
        return false;
    }
}
