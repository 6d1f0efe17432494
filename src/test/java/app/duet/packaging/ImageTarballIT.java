package app.duet.packaging;

import app.duet.testing.ApiClient;
import app.duet.testing.Pictures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The OCI image that {@code package} builds, target/duet-image.tar (Jib, docs/decisions/0015):
 * its configuration starts Duet as a non-root user on port 8080 with its data in a volume, and its
 * layers hold a Java runtime, the C library it needs, the jar and its libraries. Then the image is
 * run as a container runtime would (its layers unpacked in order, its entrypoint started in a
 * chroot as its user, with its environment) and must answer {@code GET /healthz}; that part needs
 * root (CI runs as root) and is skipped otherwise.
 *
 * <p>An integration test (Failsafe, after {@code package}); {@code -Dimage.skip=true} skips it
 * with the image.
 */
class ImageTarballIT {
    private static final Path TARBALL = Path.of("target", "duet-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static JsonNode config;
    private static Path rootfs;

    @BeforeAll
    static void unpackTheImage() throws Exception {
        assumeFalse(Boolean.getBoolean("image.skip"), "the image was not built (-Dimage.skip=true)");
        assertThat(TARBALL).as("built by mvn package (jib:buildTar)").isRegularFile();
        Path image = Files.createDirectories(work.resolve("image"));
        run(List.of("tar", "-xf", TARBALL.toAbsolutePath().toString(), "-C", image.toString()));

        // Jib's tarball is in the format of `docker save`, which docker load and podman load read.
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        assertThat(manifest.get("RepoTags").toString()).contains("duet:");
        config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile());

        rootfs = Files.createDirectories(work.resolve("rootfs"));
        for (JsonNode layer : manifest.get("Layers")) {
            // As root, tar keeps the owners and modes the layer gives; no layer of ours deletes files.
            run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", image.resolve(layer.asText()).toString(),
                    "-C", rootfs.toString()));
        }
    }

    @Test
    void itsConfigStartsDuetAsANonRootUserOnPort8080WithItsDataInAVolume() {
        JsonNode c = config.get("config");
        assertThat(texts(c.get("Entrypoint"))).first().isEqualTo("/opt/java/bin/java");
        assertThat(texts(c.get("Entrypoint"))).last().isEqualTo("app.duet.cli.DuetCommand");
        assertThat(texts(c.get("Cmd"))).containsExactly("serve");
        assertThat(env()).containsEntry("DUET_HOST", "0.0.0.0").containsEntry("DUET_DATA", "/var/lib/duet/data");

        String user = c.get("User").asText();
        assertThat(user).matches("\\d+:\\d+");
        assertThat(uid(user)).isNotEqualTo("0");
        assertThat(c.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(c.get("Volumes").has("/var/lib/duet")).isTrue();
        assertThat(config.get("architecture").asText()).isEqualTo("amd64");
        assertThat(config.get("os").asText()).isEqualTo("linux");
    }

    @Test
    void itsLayersHoldTheRuntimeTheCLibraryTheJarAndItsLibraries() throws IOException {
        assertThat(rootfs.resolve("opt/java/bin/java")).isExecutable();
        assertThat(rootfs.resolve("opt/java/lib/jspawnhelper")).isExecutable();
        assertThat(rootfs.resolve("opt/java/lib/server/libjvm.so")).isRegularFile();
        assertThat(Files.readString(rootfs.resolve("opt/java/release"))).contains("java.sql", "java.desktop", "jdk.management");
        assertThat(rootfs.resolve("lib64/ld-linux-x86-64.so.2")).isExecutable();
        assertThat(rootfs.resolve("lib/x86_64-linux-gnu/libc.so.6")).isRegularFile();
        assertThat(rootfs.resolve("app/classpath/duet.jar")).isRegularFile();
        try (var libs = Files.list(rootfs.resolve("app/libs"))) {
            assertThat(libs.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("sqlite-jdbc-"))
                    .anyMatch(n -> n.startsWith("javalin-"));
        }
        assertThat(Files.readString(rootfs.resolve("app/jib-classpath-file"))).startsWith("/app/classpath/*:");

        String uid = uid(config.get("config").get("User").asText());
        assertThat(Files.readAllLines(rootfs.resolve("etc/passwd"))).anyMatch(l -> l.startsWith("duet:x:" + uid + ":"));
        // The user must be able to write its data folder (Duet makes data/ in it, 0700) and /tmp
        // (the SQLite driver unpacks its native library there).
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("var/lib/duet")))).isEqualTo("rwxrwxrwx");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("tmp")))).isEqualTo("rwxrwxrwx");
    }

    @Test
    void itsEntrypointServesHealthzAsItsUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "running the image needs root here (chroot and a /proc of its own); CI runs as root");
        String unshare = onPath("unshare");
        String mount = onPath("mount");
        String chroot = onPath("chroot");
        assumeTrue(unshare != null && mount != null && chroot != null,
                "running the image needs unshare, mount and chroot (util-linux, coreutils)");

        int port = freePort();
        JsonNode c = config.get("config");
        String user = c.get("User").asText();
        List<String> command = new ArrayList<>(List.of(
                // a mount namespace of its own: /proc (which the JVM reads) is mounted for it alone
                // and goes with it; the child gets SIGTERM if unshare dies first
                unshare, "--mount", "--fork", "--kill-child=SIGTERM", "/bin/sh", "-c",
                "root=$0; user=$1; shift; " + mount + " -t proc proc \"$root/proc\" && exec " + chroot
                        + " --userspec=\"$user\" \"$root\" \"$@\"",
                rootfs.toString(), user));
        command.addAll(texts(c.get("Entrypoint")));
        command.addAll(texts(c.get("Cmd")));
        Files.createDirectories(rootfs.resolve("proc"));

        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env());
        pb.environment().put("DUET_PORT", String.valueOf(port));
        Process p = pb.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) output.add(line);
            } catch (IOException ignored) {
                // it exited
            }
        });
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .timeout(Duration.ofSeconds(10)).build();
            await("the image's Duet answers /healthz; its output: " + output).atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        assertThat(p.isAlive()).as("still running; its output: %s", output).isTrue();
                        HttpResponse<String> r = http.send(healthz, HttpResponse.BodyHandlers.ofString());
                        return r.statusCode() == 200 && r.body().contains("\"ok\"");
                    });
            assertThat(output).anyMatch(l -> l.contains("with data in /var/lib/duet/data"));

            // The runtime's least used parts: a password (bcrypt) and a picture (java.desktop's
            // ImageIO and Java2D, headless), whose EXIF is stripped and whose thumbnail is made.
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30));
            ApiClient.Session alice = api.newUser();
            ApiClient.Response up = api.post("/api/uploads?name=gps.jpg").as(alice).body(Pictures.jpegWithGps(640, 480))
                    .header("Content-Type", "application/octet-stream").send();
            assertThat(up.status()).as("%s; its output: %s", up, output).isEqualTo(201);
            assertThat(up.json().path("upload").path("kind").asText()).isEqualTo("image");
            assertThat(up.json().path("upload").path("width").asInt()).isEqualTo(640);

            assertThat(rootfs.resolve("var/lib/duet/data")).isDirectory();
            assertThat(Files.getAttribute(rootfs.resolve("var/lib/duet/data"), "unix:uid").toString())
                    .isEqualTo(uid(user));
        } finally {
            stop(p);
        }
    }

    /** SIGTERM to unshare, whose child (the JVM) gets SIGTERM too; waits for both, then kills what is left. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        p.destroy();
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** The user id of a "uid:gid" user. */
    private static String uid(String user) {
        int colon = user.indexOf(':');
        return colon < 0 ? user : user.substring(0, colon);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new TreeMap<>();
        for (JsonNode kv : config.get("config").get("Env")) {
            String[] parts = kv.asText().split("=", 2);
            env.put(parts[0], parts[1]);
        }
        return env;
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    /** The command's absolute path on this machine's PATH (the image's environment replaces it), or null. */
    private static String onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
        for (String dir : path.split(":", -1)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return Path.of(dir, command).toString();
        }
        return null;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
