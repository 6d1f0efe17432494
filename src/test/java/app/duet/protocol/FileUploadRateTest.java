package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;

/** An upload pays the send rate one token per started MiB: the per-user rate bounds bytes too. */
class FileUploadRateTest extends ProtocolTestBase {
    @Override
    protected void configure(DuetConfig.Builder b) {
        b.sendRatePerSecond(0.01).sendBurst(5);
    }

    @Test
    void uploads_are_counted_by_bytes_against_the_send_rate() {
        Session alice = api.newUser();
        byte[] threeMib = new byte[3 * 1024 * 1024];
        api.post("/api/uploads?name=a.bin").as(alice).header("Content-Type", "application/octet-stream").body(threeMib).send().expect(201);
        assertError(api.post("/api/uploads?name=b.bin").as(alice).header("Content-Type", "application/octet-stream")
                .body(threeMib).send(), 429, "rate_limited");
        // a small one still fits in what is left of the burst
        api.post("/api/uploads?name=c.bin").as(alice).header("Content-Type", "application/octet-stream").body(new byte[10]).send().expect(201);
    }

    @Test
    void a_refused_upload_larger_than_the_socket_buffers_still_gets_its_answer() {
        Session alice = api.newUser();
        api.post("/api/uploads?name=a.bin").as(alice).header("Content-Type", "application/octet-stream").body(new byte[3 * 1024 * 1024]).send().expect(201);
        // the refusal comes before the body is read; the server reads the rest and drops it, else
        // its close resets the connection under a client still sending and the 429 is lost
        assertError(api.post("/api/uploads?name=big.bin").as(alice).header("Content-Type", "application/octet-stream")
                .body(new byte[24 * 1024 * 1024]).send(), 429, "rate_limited");
    }
}
