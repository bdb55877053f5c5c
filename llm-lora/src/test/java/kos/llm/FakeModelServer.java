package kos.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A chat-completions server on 127.0.0.1 (a free port) for tests: each request's body goes to a
 * behaviour that answers the way a model server would, or would when broken or hostile.
 */
final class FakeModelServer implements AutoCloseable {
    /** What to do with one request. */
    interface Behaviour {
        void answer(HttpExchange ex, String requestBody, int requestNumber) throws IOException;
    }

    final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    volatile String lastBody = "";
    volatile String lastAuth;

    FakeModelServer(Behaviour b) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                lastBody = body;
                lastAuth = ex.getRequestHeaders().getFirst("Authorization");
                b.answer(ex, body, requests.incrementAndGet());
            } catch (IOException e) {
                // the client went away (a timeout): nothing to answer
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** A well-formed chat completion whose content is what {@code content} makes of the request body. */
    static Behaviour content(Function<String, String> content) {
        return (ex, body, n) -> send(ex, 200, completion(content.apply(body)));
    }

    static String completion(String content) {
        return "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + quote(content) + "},\"finish_reason\":\"stop\"}]}";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
