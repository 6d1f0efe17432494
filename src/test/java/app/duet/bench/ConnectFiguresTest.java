package app.duet.bench;

import app.duet.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code bench connect} turns what it sees into figures: heap from jcmd, slopes, failure causes. */
class ConnectFiguresTest {

    @Test
    void heap_used_is_read_from_what_each_collector_prints() {
        assertThat(ServerHeap.parseUsed("""
                4479:
                garbage-first heap   total reserved 6172672K, committed 69632K, used 49524K [0x0000000687400000, 0x0000000800000000)
                 region size 4096K, 3 young (12288K), 1 survivors (4096K)
                 Metaspace       used 18733K, committed 19008K, reserved 1114112K
                  class space    used 1858K, committed 1984K, reserved 1048576K
                """)).hasValue(49524L * 1024);
        assertThat(ServerHeap.parseUsed("""
                5170:
                ZHeap            used 62M, capacity 378M, max capacity 6028M
                 Cache           316M (1)
                """)).hasValue(62L << 20);
        assertThat(ServerHeap.parseUsed("""
                DefNew     total 116160K, used 31021K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
                 eden space 103296K,  30% used [0x0000000687400000, 0x000000068924b5d0, 0x000000068d8e0000)
                Tenured    total 258048K, used 1166K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
                """)).hasValue((31021L + 1166L) * 1024);
        assertThat(ServerHeap.parseUsed("Could not attach to 4479")).isEmpty();
    }

    @Test
    void jcmd_gives_the_heap_of_a_running_jvm_after_a_full_gc() throws InterruptedException {
        OptionalLong used = ServerHeap.usedAfterFullGc(ProcessHandle.current().pid());
        assertThat(used).isPresent();
        assertThat(used.getAsLong()).isBetween(1L << 20, Runtime.getRuntime().maxMemory());
    }

    @Test
    void bytes_per_connection_is_the_least_squares_slope_over_the_checkpoints_that_have_the_figure() {
        ObjectNode line = Json.object();
        List<double[]> points = List.of(
                new double[] {0, 1000, Double.NaN},
                new double[] {100, 2010, 500},
                new double[] {200, 2990, 700},
                new double[] {300, 4000, 900});
        ConnectBench.putSlope(line, "rss", points, 1);
        ConnectBench.putSlope(line, "heap", points, 2);
        assertThat(line.path("rss").asLong()).isEqualTo(10);
        assertThat(line.path("heap").asLong()).isEqualTo(2);
    }

    @Test
    void failures_are_named_by_cause() {
        assertThat(ConnectBench.causeOf(new CompletionException(new IOException("upgrade refused: HTTP/1.1 429 Too Many Requests"))))
                .isEqualTo("http_429");
        assertThat(ConnectBench.causeOf(new ConnectException("Connection refused"))).isEqualTo("connection_refused");
        assertThat(ConnectBench.causeOf(new TimeoutException("timeout_before_101"))).isEqualTo("timeout_before_101");
        assertThat(ConnectBench.causeOf(new IOException("Cannot assign requested address"))).isEqualTo("cannot_assign_requested_address");
    }
}
