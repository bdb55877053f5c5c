package kos.shell.autoctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import kos.insights.dashboard.DashboardSnapshot;
import kos.shell.app.LiveFeed;
import kos.shell.report.HtmlReport;
import kos.sim.KosException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live dashboard over HTTP (the JDK's server; no HTTP parsing of ours): {@code /} the page,
 * {@code /events} a server-sent-event stream of the live feed's samples and the dashboard,
 * {@code /metrics} Prometheus text, {@code /api/samples} and {@code /api/dashboard} as JSON.
 *
 * <p>It only reads: samples and dashboard snapshots that the simulation thread publishes into the
 * {@link LiveFeed}. It never touches the simulation, so serving changes no simulated decision and
 * no digest.
 */
final class DashboardServer implements AutoCloseable {
    /** How often an event stream looks for new samples, and pushes the dashboard. */
    private static final long POLL_MS = 250, DASHBOARD_EVERY_MS = 1000;
    /** Event streams served at once; more are refused (each holds a thread). */
    static final int MAX_STREAMS = 8;

    private final HttpServer server;
    private final ExecutorService threads;
    private final LiveFeed feed;
    private final ObjectWriter json;
    private final PrometheusMetrics metrics;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile boolean closing;

    private DashboardServer(HttpServer server, ExecutorService threads, LiveFeed feed, ObjectMapper json) {
        this.server = server;
        this.threads = threads;
        this.feed = feed;
        // One line per document: an event's data must not hold a newline.
        this.json = json.writer().without(SerializationFeature.INDENT_OUTPUT);
        this.metrics = new PrometheusMetrics(feed::dashboard, feed::latest);
    }

    /**
     * Starts serving on {@code bind:port} (port 0: any free port).
     *
     * @throws KosException with one clear line when the port is taken or the address is not this machine's
     */
    static DashboardServer start(InetAddress bind, int port, LiveFeed feed, ObjectMapper json) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (BindException e) {
            throw new KosException("cannot serve on " + bind.getHostAddress() + ":" + port + ": "
                    + (port == 0 ? e.getMessage() : "the port is in use or not allowed") + " (choose another with --port)");
        } catch (IOException e) {
            throw new KosException("cannot serve on " + bind.getHostAddress() + ":" + port + ": " + e.getMessage());
        }
        ExecutorService threads = Executors.newFixedThreadPool(MAX_STREAMS + 2, r -> {
            Thread t = new Thread(r, "kos-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        DashboardServer d = new DashboardServer(server, threads, feed, json);
        server.createContext("/", d::page);
        server.createContext("/events", d::events);
        server.createContext("/metrics", d::metrics);
        server.createContext("/api/samples", ex -> d.send(ex, 200, "application/json", d.json.writeValueAsBytes(feed.since(0))));
        server.createContext("/api/dashboard", ex -> d.send(ex, 200, "application/json", d.json.writeValueAsBytes(feed.dashboard())));
        server.start();
        return d;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void page(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(ex, 200, "text/html; charset=utf-8", HtmlReport.livePage().getBytes(StandardCharsets.UTF_8));
    }

    private void metrics(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", metrics.contentType());
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            metrics.write(out);
        }
    }

    private void events(HttpExchange ex) throws IOException {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            send(ex, 503, "text/plain; charset=utf-8", "too many event streams\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        long next = fromParameter(ex.getRequestURI());
        long lastDashboard = 0;
        try (OutputStream out = ex.getResponseBody()) {
            while (!closing) {
                List<LiveFeed.Sample> fresh = feed.since(next);
                if (!fresh.isEmpty()) {
                    event(out, "samples", json.writeValueAsString(fresh));
                    next = fresh.getLast().seq() + 1;
                }
                long now = System.currentTimeMillis();
                DashboardSnapshot d = feed.dashboard();
                if (d != null && now - lastDashboard >= DASHBOARD_EVERY_MS) {
                    event(out, "dashboard", json.writeValueAsString(d));
                    lastDashboard = now;
                }
                out.flush();
                Thread.sleep(POLL_MS);
            }
        } catch (IOException | InterruptedException e) {
            // The browser went away or the server is closing: end this stream.
        } finally {
            streams.decrementAndGet();
        }
    }

    private static long fromParameter(URI uri) {
        String q = uri.getRawQuery();
        if (q != null && q.startsWith("from=")) {
            try {
                return Math.max(0, Long.parseLong(q.substring(5)));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static void event(OutputStream out, String name, String data) throws IOException {
        // Compact JSON holds no raw newline (Jackson escapes them in strings), so one data line carries it.
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closing = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
