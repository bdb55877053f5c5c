package kos.shell.autoctl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import kos.shell.ShellCommand;
import kos.shell.app.LiveFeed;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code autoctl serve}: the live web dashboard and the Prometheus endpoint. */
@Command(
        name = "serve",
        description = {
            "Serve the live dashboard on http://BIND:PORT/ (charts of memory, PSI, predictor confidence,",
            "alarms, crashes, actions and the scheduler, pushed as server-sent events while 'sim run' runs) and",
            "/metrics in the Prometheus text format. Loopback only unless --allow-remote. In the REPL it serves",
            "in the background ('autoctl serve --stop' ends it); from a shell add --wait to serve until Ctrl-C."
        })
final class ServeCommand extends ShellCommand {
    @Option(
            names = "--port",
            defaultValue = "8421",
            paramLabel = "N",
            description = "TCP port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--allow-remote",
            description = "Allow an address other than loopback (the dashboard has no authentication).")
    boolean allowRemote;

    @Option(names = "--wait", description = "Serve until Ctrl-C instead of returning at once.")
    boolean waitForInterrupt;

    @Option(names = "--stop", description = "Stop the running server.")
    boolean stop;

    /** The session's running server, if any. */
    static final class Running {
        DashboardServer server;
    }

    @Override
    public void run() {
        Running r = session.extension(Running.class, Running::new);
        if (stop) {
            if (r.server == null) {
                throw new KosException("no dashboard server is running");
            }
            stopServer(r);
            return;
        }
        if (r.server != null) {
            throw new KosException(
                    "already serving on http://" + hostPort(r.server) + "/ ('autoctl serve --stop' first)");
        }
        start(r);
        if (waitForInterrupt) {
            awaitInterrupt();
            stopServer(r);
        }
    }

    private void start(Running r) {
        if (port < 0 || port > 65535) {
            throw new KosException("--port: expected 0..65535, got " + port);
        }
        InetAddress address = address(bind, allowRemote);
        LiveFeed feed = LiveFeed.of(session);
        feed.sample(session);
        feed.publishDashboard(true, session);
        r.server = DashboardServer.start(address, port, feed, session.json());
        session.out().println("serving the dashboard on http://" + hostPort(r.server) + "/ (metrics: /metrics)");
        session.out().flush();
    }

    private void awaitInterrupt() {
        while (!session.isInterrupted()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stopServer(Running r) {
        r.server.close();
        r.server = null;
        LiveFeed.of(session).publishDashboard(false, session);
        session.out().println("dashboard server stopped");
    }

    private static String hostPort(DashboardServer s) {
        return s.address().getAddress().getHostAddress() + ":" + s.address().getPort();
    }

    static InetAddress address(String bind, boolean allowRemote) {
        if (bind.isBlank() || !bind.matches("[0-9A-Za-z.:\\-\\[\\]%]+")) {
            throw new KosException("--bind: expected an IP address or host name of this machine");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new KosException("--bind: not an address of this machine: '" + bind + "'");
        }
        if (!a.isLoopbackAddress() && !allowRemote) {
            throw new KosException("--bind " + bind + " is not a loopback address; the dashboard has no authentication,"
                    + " so add --allow-remote to serve it beyond this machine");
        }
        return a;
    }
}
