package app.duet.web;

import app.duet.DuetConfig;
import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.Json;
import app.duet.Metrics;
import app.duet.accounts.AccountService;
import app.duet.chats.ChatService;
import app.duet.contacts.ContactService;
import app.duet.delivery.Presence;
import app.duet.export.ExportService;
import app.duet.files.FileService;
import app.duet.storage.Store;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP side of one node: the JSON API, {@code /ws}, {@code /healthz}, {@code /metrics} and
 * the web client's static files, on Javalin (Jetty 12, virtual threads).
 *
 * <p>Every request goes through the same stages, in order (docs/ARCHITECTURE.md, "The HTTP edge"):
 * the listener ({@link GuardedConnector}: connections per address, request header deadline), the
 * Host check ({@link EdgeHandler}, which also answers the metrics listener), then, in Javalin,
 * security headers, the media type of a body ({@code /api/*}), authentication (and the Origin check
 * for cookie-authenticated state changes and for sign-in), then the route, which parses its body
 * (strict UTF-8, then JSON) and calls one domain service. Refusals from any stage become
 * {@code {"error": {"code", "message"}}} with the status of their {@link ErrorCode}.
 */
public final class WebServer implements AutoCloseable {
    private static final Set<String> PUBLIC_API = Set.of("/api/register", "/api/login");
    private static final Set<HandlerType> STATE_CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    /** How far past the largest acceptable body a refused one is still read so that its sender gets the answer. */
    private static final long REFUSED_BODY_SLACK = 1024 * 1024;
    private static final Duration REFUSED_BODY_TIME = Duration.ofSeconds(10);

    private final Javalin app;
    private final FrameHandler frames;
    private volatile GuardedConnector metricsListener;
    private volatile boolean draining;

    public WebServer(DuetConfig config, Store store, AccountService accounts, ContactService contacts, ChatService chats,
                     Presence presence, Metrics metrics, FileService fileService, ExportService exports) {
        List<String> configuredOrigins = new ArrayList<>(config.allowedOrigins());
        if (config.publicUrl() != null) configuredOrigins.add(config.publicUrl());
        Hosts mainHosts = Hosts.forListener(config.host(), configuredOrigins);
        Authenticator auth = new Authenticator(accounts, new Origins(configuredOrigins, mainHosts));
        // the largest body any route accepts is a file; a body a little over it still gets its 413
        Failures failures = new Failures(metrics, new RefusedBodies(
                Math.max(config.maxFileBytes(), DuetConfig.MAX_BODY_BYTES) + REFUSED_BODY_SLACK, REFUSED_BODY_TIME));
        this.frames = new FrameHandler(chats, failures, metrics);
        ChatSocketServlet sockets = new ChatSocketServlet(auth, presence, frames, failures, config);
        this.app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.jetty.threadPool = jettyThreads();
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = DuetConfig.MAX_BODY_BYTES;
            c.http.prefer405over404 = true;
            // the first connector is the main one (Javalin's port() reads it)
            c.jetty.addConnector((server, http) -> new GuardedConnector(server, http, config.host(), config.port(),
                    mainHosts, false, config.maxConnectionsPerAddress(), config.requestHeaderTimeout()));
            if (config.metricsBind() != null) {
                String bind = config.metricsBind();
                String host = bind.substring(0, bind.lastIndexOf(':'));
                int port = Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
                String bindHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                c.jetty.addConnector((server, http) -> metricsListener = new GuardedConnector(server, http, bindHost, port,
                        Hosts.forListener(bindHost, configuredOrigins), true, config.maxConnectionsPerAddress(),
                        config.requestHeaderTimeout()));
            }
            c.jetty.modifyServer(server -> server.insertHandler(new EdgeHandler(metrics)));
            c.jetty.modifyServletContextHandler(handler -> {
                JettyWebSocketServletContainerInitializer.configure(handler, null);
                handler.addServlet(new ServletHolder("duet-ws", sockets), "/ws");
            });
            c.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers.put("Cache-Control", "no-cache");
                files.mimeTypes.add("text/html; charset=utf-8", "html");
                files.mimeTypes.add("text/javascript; charset=utf-8", "js");
                files.mimeTypes.add("text/css; charset=utf-8", "css");
                files.mimeTypes.add("application/manifest+json", "webmanifest");   // the installable app's manifest
            });
            RoutesConfig routes = c.routes;
            routes.before(RequestIds::begin);
            routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            routes.after(ctx -> timed(ctx, metrics));
            routes.after(RequestIds::end);
            routes.before(WebServer::securityHeaders);
            routes.before("/api/*", WebServer::requireJsonBody);
            routes.before("/api/*", ctx -> authenticate(ctx, auth));
            boolean httpsPublicUrl = config.publicUrl() != null && config.publicUrl().startsWith("https:");
            new AccountRoutes(accounts, new ClientAddresses(config.trustedProxies()), httpsPublicUrl).register(routes);
            new ContactRoutes(contacts).register(routes);
            new ChatRoutes(chats).register(routes);
            new FileRoutes(fileService).register(routes);
            new SearchRoutes(chats).register(routes);
            new LimitRoutes(config).register(routes);
            new ExportRoutes(exports).register(routes);
            routes.get("/healthz", ctx -> health(ctx, store, failures));
            routes.get("/livez", WebServer::alive);
            routes.get("/readyz", ctx -> ready(ctx, store, failures));
            if (config.metricsBind() == null) {
                routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            }
            routes.exception(Exception.class, (e, ctx) -> failures.answer(ctx, e));
            routes.error(404, ctx -> failures.answerUnlessWritten(ctx, ErrorCode.NOT_FOUND, "There is nothing here."));
            routes.error(405, ctx -> failures.answerUnlessWritten(ctx, ErrorCode.METHOD_NOT_ALLOWED, "That method is not allowed here."));
        });
    }

    /**
     * Jetty's own work (selecting, reading and parsing frames, writing) on a few platform threads,
     * and what may block (request handlers on the database) on virtual threads. With every task on
     * a virtual thread, each readable socket cost a virtual thread's start, park and unpark besides
     * the read.
     */
    private static ThreadPool jettyThreads() {
        QueuedThreadPool pool = new QueuedThreadPool(200, 4, 60_000);
        pool.setName("duet-jetty");
        pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("duet-request-"));
        return pool;
    }

    public WebServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The port /metrics is served on when {@code metricsBind} is set (once started), else -1. */
    public int metricsPort() {
        GuardedConnector m = metricsListener;
        return m == null ? -1 : m.getLocalPort();
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (ctx.path().startsWith("/api/")) ctx.header("Cache-Control", "no-store");
    }

    /**
     * PROTOCOL.md §2.1: a request with a body must say {@code Content-Type: application/json}
     * (a charset parameter aside), else 415 before anything reads it. That also keeps out the
     * "simple" cross-site form posts ({@code text/plain}, form encodings). The body is read as
     * UTF-8 whatever charset it names (RFC 8259): bytes that are not UTF-8 get 400.
     */
    private static void requireJsonBody(Context ctx) {
        if (ctx.path().equals(FileRoutes.UPLOADS)) return; // raw bytes, whatever they are (the type is read from them)
        String transferEncoding = ctx.header("Transfer-Encoding");
        boolean hasBody = ctx.req().getContentLengthLong() > 0
                || (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked"));
        if (hasBody && !isJson(ctx.header("Content-Type"))) {
            throw new DuetException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as Content-Type: application/json.");
        }
    }

    /** {@code application/json}, in any case, with no parameter but {@code charset}. */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase("application/json")) return false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).strip().equalsIgnoreCase("charset")) return false;
        }
        return true;
    }

    private static void authenticate(Context ctx, Authenticator auth) {
        if (PUBLIC_API.contains(ctx.path())) {
            auth.checkSignInOrigin(ctx.req());
            return;
        }
        ctx.attribute(Http.SESSION_ATTRIBUTE, auth.authenticate(ctx.req(), STATE_CHANGING.contains(ctx.method())));
    }

    private static final String STARTED = "duet.started";

    /** Records the request in duet_http_requests, labelled by the route's template (unmatched: "none"). */
    private static void timed(Context ctx, Metrics metrics) {
        Long started = ctx.attribute(STARTED);
        if (started == null) return;
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        String route = endpoint != null ? endpoint.path : "none";
        metrics.httpRequest(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
    }

    /** Liveness: the process answers HTTP (a balancer or supervisor restarts a node that does not). */
    private static void alive(Context ctx) {
        ObjectNode ok = Json.object();
        ok.put("status", "alive");
        Http.json(ctx, 200, ok);
    }

    /**
     * Readiness: this node wants new connections. Not while it drains before a shutdown (so a
     * balancer moves new connections elsewhere while the node still serves the ones it has), nor
     * while its database is unreachable.
     */
    private void ready(Context ctx, Store store, Failures failures) {
        if (draining) {
            failures.answer(ctx, new DuetException(ErrorCode.UNAVAILABLE, "This node is shutting down; connect to another."));
        } else if (!store.isHealthy()) {
            failures.answer(ctx, new DuetException(ErrorCode.UNAVAILABLE, "The database is unreachable."));
        } else {
            ObjectNode ok = Json.object();
            ok.put("status", "ready");
            Http.json(ctx, 200, ok);
        }
    }

    /** From now on {@code /readyz} answers 503: the node is about to stop (it still serves meanwhile). */
    public void startDraining() {
        draining = true;
    }

    /**
     * The node is stopping (called before the committer stops taking sends): {@code /readyz}
     * answers 503 (also without a drain period), and a send refused over a socket from now on is
     * not answered: its client resends it after reconnecting ({@link FrameHandler#stopping}).
     */
    public void stopping() {
        draining = true;
        frames.stopping();
    }

    private static void health(Context ctx, Store store, Failures failures) {
        if (store.isHealthy()) {
            ObjectNode ok = Json.object();
            ok.put("status", "ok");
            Http.json(ctx, 200, ok);
        } else {
            failures.answer(ctx, new DuetException(ErrorCode.UNAVAILABLE, "The database is unreachable."));
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
