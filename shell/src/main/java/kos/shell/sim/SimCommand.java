package kos.shell.sim;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import kos.sched.Scheduler;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.shell.Output;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.RunResult;
import kos.sim.Simulation;
import kos.sim.StopReason;
import kos.sim.Trace;
import kos.sim.TraceRecord;
import kos.simd.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sim}: the seed, the clock and the digest of the simulation. */
@Command(
        name = "sim",
        description = "Control the simulation: seed, reset, run, status, digest, trace.",
        subcommands = {
            SimCommand.Seed.class,
            SimCommand.Reset.class,
            SimCommand.Run.class,
            SimCommand.Status.class,
            SimCommand.Digest.class,
            SimCommand.TraceCmd.class
        })
public final class SimCommand extends ShellCommand {

    @Override
    public void run() {
        runDefault(new Status());
    }

    /** The status every run ends with. */
    public record StatusView(
            long seed,
            long timeNs,
            String time,
            long events,
            long pendingEvents,
            long traceRecords,
            String digest,
            String simd,
            String crash) {
        static StatusView of(Simulation sim) {
            return new StatusView(
                    sim.seed(),
                    sim.now(),
                    Quantities.formatDuration(sim.now()),
                    sim.eventsProcessed(),
                    sim.pendingEvents(),
                    sim.trace().count(),
                    Trace.hex(sim.trace().digest()),
                    Kernels.get().name(),
                    sim.crashed()
                            .map(c -> c.cause() + " at " + Quantities.formatDuration(c.timeNs()) + ": " + c.detail())
                            .orElse(null));
        }
    }

    /** The one line that ends every run: simulated time, events processed, digest. */
    public static String summaryLine(Simulation sim) {
        return "simulated " + Quantities.formatDuration(sim.now()) + ", " + sim.eventsProcessed() + " events, digest "
                + Trace.hex(sim.trace().digest())
                + sim.crashed().map(c -> " (kernel crashed: " + c.cause() + ")").orElse("");
    }

    @Command(name = "seed", description = "Set the root seed and start a fresh simulation from it.")
    static final class Seed extends ShellCommand {
        @Parameters(paramLabel = "N", description = "The root seed (any 64-bit integer).")
        long seed;

        @Override
        public void run() {
            session.seed(seed);
            session.out().println("seed " + seed + "; simulation reset");
        }
    }

    @Command(name = "reset", description = "Discard the simulation and start again from the same seed.")
    static final class Reset extends ShellCommand {

        @Override
        public void run() {
            session.reset();
            session.out().println("simulation reset (seed " + session.seed() + ")");
        }
    }

    @Command(
            name = "run",
            description = {
                "Advance virtual time by DURATION, processing every event due. Ctrl-C pauses.",
                "With --until-idle: run until every task has finished and no workload will spawn more,",
                "for at most DURATION (default 1h of virtual time)."
            })
    static final class Run extends ShellCommand {
        @Parameters(
                paramLabel = "DURATION",
                arity = "0..1",
                description =
                        "How long to run, e.g. 500ms, 10s, 2m (units ns, us, ms, s, m, h); with --until-idle the most to run.")
        Args.Duration duration;

        @Option(
                names = "--until-idle",
                description = "Stop as soon as the scheduler is idle: every task finished, nothing left to spawn.")
        boolean untilIdle;

        @Override
        public void run() {
            Simulation sim = session.sim();
            if (duration == null && !untilIdle) {
                throw new KosException("sim run needs a DURATION, or --until-idle [MAX]");
            }
            BooleanSupplier idle = untilIdle ? idleCondition(sim) : null;
            long max = duration != null ? duration.ns() : 3600 * Quantities.NS_PER_S;
            RunResult r = SimRun.withProgress(session, sim, max, idle);
            report(sim, r);
        }

        private void report(Simulation sim, RunResult r) {
            String what = switch (r.reason()) {
                case TIME_REACHED -> untilIdle ? "not idle after" : "ran";
                case CONDITION_MET -> "idle: every task finished after";
                case STOP_REQUESTED -> "interrupted after";
                case CRASHED -> "kernel crashed after";
            };
            session.out()
                    .println(what + " " + Quantities.formatDuration(r.endNs() - r.startNs()) + " (" + r.events()
                            + " events); now " + Quantities.formatDuration(sim.now()));
            if (r.reason() == StopReason.CRASHED) {
                sim.crashed().ifPresent(c -> session.out().println("crash: " + c.cause() + ": " + c.detail()));
            }
        }

        private static BooleanSupplier idleCondition(Simulation sim) {
            Scheduler s = sim.find(Scheduler.class)
                    .orElseThrow(() -> new KosException(
                            "no scheduler yet: spawn tasks or start a task mix before sim run --until-idle"));
            return s::quiescent;
        }
    }

    @Command(name = "status", description = "Show seed, virtual time, events and digest.")
    static final class Status extends JsonCommand {

        @Override
        public void run() {
            StatusView v = StatusView.of(session.sim());
            print(v, () -> {
                TextTable t = new TextTable("field", "value")
                        .row("seed", v.seed())
                        .row("time", v.time())
                        .row("events", v.events())
                        .row("pending", v.pendingEvents())
                        .row("trace records", v.traceRecords())
                        .row("digest", v.digest())
                        .row("simd", v.simd() + " (" + Kernels.reason() + ")");
                if (v.crash() != null) {
                    t.row("crash", v.crash());
                }
                return t.toString();
            });
        }
    }

    @Command(name = "digest", description = "Print the running trace digest.")
    static final class Digest extends JsonCommand {

        @Override
        public void run() {
            Simulation sim = session.sim();
            Output.print(
                    session,
                    json.enabled(),
                    Map.of(
                            "digest",
                            Trace.hex(sim.trace().digest()),
                            "timeNs",
                            sim.now(),
                            "events",
                            sim.eventsProcessed()),
                    () -> summaryLine(sim));
        }
    }

    @Command(name = "trace", description = "Show the last N trace records.")
    static final class TraceCmd extends JsonCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many records (default ${DEFAULT-VALUE}).")
        int n;

        record Row(long seq, long timeNs, String kind, Map<String, Long> fields) {}

        @Override
        public void run() {
            List<TraceRecord> recs = session.sim().trace().last(Math.max(0, n));
            Output.print(
                    session,
                    json.enabled(),
                    recs.stream()
                            .map(r -> new Row(r.seq(), r.timeNs(), r.kind().name(), r.fieldMap()))
                            .toList(),
                    () -> {
                        TextTable t = new TextTable("#", "time", "kind", "fields");
                        recs.forEach(r -> t.row(
                                r.seq(),
                                Quantities.formatDuration(r.timeNs()),
                                r.kind().name(),
                                r.fieldMap().toString()));
                        return recs.isEmpty() ? "(no trace records yet)" : t.toString();
                    });
        }
    }
}
