package io.synfin.agent.publish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@link AgentMetrics} as Prometheus text on {@code /metrics}. Binds to the loopback address unless
 * told otherwise (security of the metrics path): counters of a capture are not for every network.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param bind the address to listen on, or null for loopback
     * @param port the port, 0 for a free one
     */
    public static MetricsServer start(AgentMetrics metrics, InetAddress bind, int port) throws IOException {
        InetAddress address = bind == null ? InetAddress.getLoopbackAddress() : bind;
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/metrics", exchange -> respond(exchange, metrics));
        server.start();
        return new MetricsServer(server);
    }

    private static void respond(HttpExchange exchange, AgentMetrics metrics) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = metrics.prometheusText().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
