/**
 * The black-box protocol suite: every clause of {@code PROTOCOL.md}, checked against a real server
 * over real HTTP and WebSocket connections ({@link app.duet.testing.ApiClient},
 * {@link app.duet.testing.WsClient}).
 *
 * <p>One file per feature; each class starts one {@link app.duet.testing.TestServer} (see
 * {@code ProtocolTestBase}) and every test registers fresh random users, so tests are independent.
 * {@code DurabilityTest} instead runs the server as a child process ({@code DuetCommand serve}) and
 * kills it with SIGKILL right after an acknowledgement.
 *
 * <p>Run: {@code ./mvnw -B test -Dtest='app.duet.protocol.**'} (JDK 21+; about a minute and a half).
 *
 * <p>Where PROTOCOL.md leaves room, a test says which reading it takes, in its name or a comment.
 */
package app.duet.protocol;
