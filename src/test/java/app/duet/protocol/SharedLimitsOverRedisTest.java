package app.duet.protocol;

import app.duet.testing.ApiClient;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.RedisProcess;
import app.duet.testing.TestServer;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static app.duet.protocol.ProtocolTestBase.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes behind one real Redis share their limits (docs/ARCHITECTURE.md, "Limits"): a user's
 * send budget, a username's failed logins and a sender's contact requests are one budget however
 * the balancer spreads the requests, not one per node; while Redis is down, each node limits alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class SharedLimitsOverRedisTest {
    private static final int SEND_BURST = 5;
    private static final int MAX_LOGIN_FAILURES = 5;
    private static final int CONTACT_BURST = 4;
    private static final int SOCKET_CAP = 8; // the least PROTOCOL.md allows

    private RedisProcess redis;
    private TestServer node1, node2;
    private ApiClient api1, api2;

    @BeforeAll
    void start() throws Exception {
        redis = RedisProcess.start();
        Path dataDir = Files.createTempDirectory("duet-shared-limits-");
        for (int i = 0; i < 2; i++) {
            TestServer node = TestServer.start(b -> b.dataDir(dataDir).redisUrl(redis.url())
                    .sendRatePerSecond(0.01).sendBurst(SEND_BURST)
                    .loginMaxFailures(MAX_LOGIN_FAILURES).loginLockout(Duration.ofMinutes(1))
                    .contactRequestBurst(CONTACT_BURST).contactRequestsPerMinute(0.01)
                    .maxSocketsPerUser(SOCKET_CAP));
            if (i == 0) node1 = node;
            else node2 = node;
        }
        api1 = new ApiClient(node1.baseUri());
        api2 = new ApiClient(node2.baseUri());
    }

    @AfterAll
    void stop() {
        if (node2 != null) node2.close();
        if (node1 != null) node1.close();
        if (redis != null) redis.close();
    }

    @Test
    @Order(1)
    void three_sends_through_each_node_with_a_burst_of_five_give_one_rate_limited() {
        Session alice = api1.newUser(), bob = api2.newUser();
        api1.makeContacts(alice, bob);
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 3; i++) {
            for (ApiClient api : List.of(api1, api2)) {
                Response r = api.sendRaw(alice, bob.id(), "hi " + statuses.size(), null);
                statuses.add(r.status());
                if (r.status() == 429) limited = r;
            }
        }
        assertThat(statuses).containsExactly(201, 201, 201, 201, 201, 429);
        assertError(limited, 429, "rate_limited");
        assertThat(api2.fullHistory(bob, alice.id())).hasSize(SEND_BURST);
    }

    @Test
    @Order(2)
    void failed_logins_for_one_username_across_both_nodes_lock_it_as_on_one_node() {
        Session carol = api1.newUser();
        int unauthorized = 0;
        Response refused = null;
        for (int attempt = 0; attempt < MAX_LOGIN_FAILURES + 3 && refused == null; attempt++) {
            Response r = (attempt % 2 == 0 ? api1 : api2).loginRaw(carol.username(), "wrong password " + attempt);
            if (r.status() == 429) refused = r;
            else {
                assertError(r, 401, "invalid_credentials");
                unauthorized++;
            }
        }
        assertThat(unauthorized).as("401s before the first 429, over both nodes").isEqualTo(MAX_LOGIN_FAILURES);
        assertError(refused, 429, "too_many_requests");
        assertError(api1.loginRaw(carol.username(), ApiClient.PASSWORD), 429, "too_many_requests");
        assertError(api2.loginRaw(carol.username(), ApiClient.PASSWORD), 429, "too_many_requests");
    }

    @Test
    @Order(3)
    void contact_requests_from_one_user_through_both_nodes_share_one_burst() {
        Session spammer = api1.newUser();
        List<Session> targets = new ArrayList<>();
        for (int i = 0; i <= CONTACT_BURST; i++) targets.add(api2.newUser());
        for (int i = 0; i < CONTACT_BURST; i++) {
            (i % 2 == 0 ? api1 : api2).requestContact(spammer, targets.get(i).id()).expect(202);
        }
        assertError(api1.requestContact(spammer, targets.get(CONTACT_BURST).id()), 429, "rate_limited");
        assertError(api2.requestContact(spammer, targets.get(CONTACT_BURST).id()), 429, "rate_limited");
    }

    @Test
    @Order(4)
    void a_users_sockets_on_both_nodes_count_against_one_cap_and_a_closed_one_frees_its_place() {
        Session dave = api1.newUser();
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < SOCKET_CAP; i++) open.add(WsClient.connect((i % 2 == 0 ? node1 : node2).wsUri()).as(dave).open());
            assertThat(WsClient.connect(node1.wsUri()).as(dave).refusal()).isEqualTo(429);
            assertThat(WsClient.connect(node2.wsUri()).as(dave).refusal()).isEqualTo(429);

            open.getFirst().close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> open.add(WsClient.connect(node2.wsUri()).as(dave).open()));
            assertThat(WsClient.connect(node1.wsUri()).as(dave).refusal()).isEqualTo(429);
        } finally {
            open.forEach(WsClient::abort);
        }
    }

    @Test
    @Order(5)
    void while_redis_is_down_each_node_limits_sends_alone() {
        Session alice = api1.newUser(), bob = api2.newUser();
        api1.makeContacts(alice, bob);
        redis.stop();
        try {
            for (ApiClient api : List.of(api1, api2)) {
                for (int i = 0; i < SEND_BURST; i++) assertThat(api.sendRaw(alice, bob.id(), "alone " + i, null).status()).isEqualTo(201);
                assertError(api.sendRaw(alice, bob.id(), "one too many", null), 429, "rate_limited");
            }
        } finally {
            redis.startAgain();
        }
    }
}
