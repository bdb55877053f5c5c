package kos.shell.autoctl;

import kos.shell.ShellHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code autoctl serve}: the page, the event stream and /metrics over real HTTP on loopback; bad input. */
class DashboardServeTest {
    private final ShellHarness sh = new ShellHarness();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        sh.exec("autoctl serve --stop");
    }

    private int serve() {
        assertEquals(0, sh.exec("autoctl serve --port 0"), sh.err());
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(sh.out());
        assertTrue(m.find(), sh.out());
        return Integer.parseInt(m.group(1));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A strict reading of the Prometheus text format 0.0.4: every line is a # HELP or # TYPE line, or
     * a sample {@code name{label="value",...} number}; names match the format's grammar; every sample's
     * family has a TYPE line before it. Returns the sample lines' names.
     */
    static Set<String> parsePrometheus(String text) {
        Pattern help = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");
        Pattern type = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
        Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? "
                + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
        Set<String> typed = new HashSet<>(), names = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher t = type.matcher(line);
            if (t.matches()) {
                typed.add(t.group(1));
            } else if (!help.matcher(line).matches()) {
                Matcher s = sample.matcher(line);
                assertTrue(s.matches(), "not a valid exposition line: " + line);
                String name = s.group(1);
                String family = name.replaceAll("_(total|created|bucket|sum|count)$", "");
                assertTrue(typed.contains(family) || typed.contains(name), "sample before its TYPE: " + line);
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void servesPageEventsAndMetricsWhileTheSimulationRuns() throws Exception {
        sh.exec("mem init 256MiB");
        sh.exec("workload start leak --rate 4MiB/s");
        sh.exec("sim run 1s");
        String digestBefore = digestOf("mem init 256MiB", "workload start leak --rate 4MiB/s", "sim run 1s", "sim run 2s");
        int port = serve();
        assertTrue(get(port, "/").body().contains("kos live dashboard"));
        assertEquals(404, get(port, "/nope").statusCode());
        sh.exec("sim run 2s");

        HttpResponse<String> metrics = get(port, "/metrics");
        assertEquals(200, metrics.statusCode());
        Set<String> names = parsePrometheus(metrics.body());
        for (String n : List.of("kos_memory_used_ratio", "kos_crash_confidence", "kos_sim_time_seconds", "kos_ai_latency_seconds")) {
            assertTrue(names.contains(n), n + " missing from\n" + metrics.body());
        }
        assertTrue(metrics.body().contains("kos_sim_time_seconds 3.0"), metrics.body());

        HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertTrue(events.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            String event = in.readLine(), data = in.readLine();
            assertEquals("event: samples", event);
            assertTrue(data.startsWith("data: [{\"seq\":"), data);
            assertTrue(data.contains("\"timeNs\":3000000000"), "the stream carries the latest sample");
        }
        assertEquals(digestBefore, digestOfSession(), "serving only reads: the digest is that of the same commands without a server");
    }

    private String digestOfSession() {
        sh.clear();
        sh.exec("sim digest");
        return sh.out().trim();
    }

    private static String digestOf(String... lines) {
        ShellHarness other = new ShellHarness();
        for (String l : lines) {
            other.exec(l);
        }
        other.clear();
        other.exec("sim digest");
        return other.out().trim();
    }

    @Test
    void refusesRemoteBindsBusyPortsAndASecondServer() throws Exception {
        assertEquals(1, sh.exec("autoctl serve --bind 0.0.0.0 --port 0"));
        assertTrue(sh.err().contains("not a loopback address") && sh.err().contains("--allow-remote"), sh.err());
        int port = serve();
        sh.clear();
        assertEquals(1, sh.exec("autoctl serve --port 0"));
        assertTrue(sh.err().contains("already serving"), sh.err());
        ShellHarness other = new ShellHarness();
        assertEquals(1, other.exec("autoctl serve --port " + port));
        assertTrue(other.err().contains("in use"), other.err());
        assertFalse(other.err().contains("Exception"), other.err());
        assertEquals(2, sh.exec("autoctl serve --port notaport"));
    }

    @Test
    void reportIsOneSelfContainedFileAndRefusesMissingDirectories(@TempDir Path dir) throws Exception {
        sh.exec("mem init 256MiB");
        sh.exec("workload start leak --rate 8MiB/s");
        sh.exec("sim run 3s");
        Path f = dir.resolve("r.html");
        assertEquals(0, sh.exec("report " + f), sh.err());
        String html = Files.readString(f);
        assertTrue(html.contains("const KOS_DATA = {"), "data embedded");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no network reference: it opens offline");
        assertEquals(1, html.split("</script>", -1).length - 1, "the embedded data cannot end the script early");
        sh.clear();
        assertEquals(1, sh.exec("report " + dir.resolve("missing/r.html")));
        assertTrue(sh.err().contains("no such directory"), sh.err());
        assertFalse(Files.exists(dir.resolve("missing")), "a report never creates directories");
        assertNotEquals(0, sh.exec("report " + dir.resolve("r.txt")));
    }
}
