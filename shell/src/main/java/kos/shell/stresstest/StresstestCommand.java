package kos.shell.stresstest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import kos.insights.eval.EvalRun;
import kos.shell.Args;
import kos.shell.CommandGroup;
import kos.shell.JsonCommand;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.TextTable;
import kos.shell.app.CrashWiring;
import kos.shell.app.ScenarioRun;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SeedStream;
import kos.sim.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stresstest}: a memory stress on a fresh 256 MiB machine, run with the crash predictor and
 * the autonomy loop off, on, or both on the same seed, and the outcome of each.
 */
@Command(
        name = "stresstest",
        description = "Memory stress tests with the crash predictor and autonomy loop off and on (same seed).",
        subcommands = {StresstestCommand.Memory.class, StresstestCommand.Mem.class, CompareCommand.class})
public final class StresstestCommand extends CommandGroup {

    /** One stress run's outcome. */
    public record Outcome(
            String autonomy,
            boolean crashed,
            String cause,
            Long crashAtNs,
            Long firstAlarmNs,
            Long warningNs,
            java.util.Map<String, Integer> actions,
            String digest) {}

    /** What a stress run builds: footprint, page-cache churn, and maybe a leak. */
    record Stress(int targetPressurePct, double leakMiBPerS, boolean fragStorm, long durationNs) {
        String script() {
            long footprint = 256L * targetPressurePct / 100;
            StringBuilder sb = new StringBuilder("mem init 256MiB\n")
                    .append("workload start steady-high --size ")
                    .append(footprint)
                    .append("MiB --ramp 5s\n")
                    .append("workload start page-cache --rate 16MiB/s\n");
            if (fragStorm) {
                sb.append("workload start frag-storm --rate 512KiB/s --max 16MiB\n");
            }
            if (leakMiBPerS > 0) {
                sb.append(String.format(
                        Locale.ROOT, "workload start leak --rate %dKiB/s\n", Math.round(leakMiBPerS * 1024)));
            }
            return sb.append("sim run ").append(durationNs).append("ns\n").toString();
        }
    }

    static void run(Session session, Stress stress, String autonomy, boolean json) {
        List<Boolean> modes = switch (autonomy) {
            case "off" -> List.of(false);
            case "on" -> List.of(true);
            case "both" -> List.of(false, true);
            default -> throw new KosException("--autonomy must be on, off or both, got '" + autonomy + "'");
        };
        CrashWiring w = CrashWiring.of(session);
        List<Outcome> outcomes = new ArrayList<>();
        for (boolean on : modes) {
            session.checkInterrupted();
            try (BufferedReader in = new BufferedReader(new StringReader(stress.script()))) {
                ScenarioRun.Outcome o = ScenarioRun.run(
                        "stresstest",
                        "<stresstest>",
                        in,
                        ScenarioRun.Setup.of(
                                session.seed(),
                                w.predictor(),
                                on,
                                w.monitorConfig().threshold()),
                        null);
                EvalRun r = o.run();
                outcomes.add(new Outcome(
                        on ? "on" : "off",
                        r.crashed(),
                        r.crashCause(),
                        r.crashed() ? r.crashNs() : null,
                        r.firstAlarmNs() < 0 ? null : r.firstAlarmNs(),
                        r.leadNs() < 0 ? null : r.leadNs(),
                        r.actions(),
                        Trace.hex(o.digest())));
            } catch (IOException e) {
                throw new KosException("stresstest: " + e.getMessage());
            }
        }
        Output.print(session, json, outcomes, () -> {
            TextTable t =
                    new TextTable("autonomy", "outcome", "first alarm", "warning before crash", "actions", "digest");
            for (Outcome o : outcomes) {
                t.row(
                        o.autonomy(),
                        o.crashed()
                                ? "crashed (" + o.cause() + ") at " + Quantities.formatDuration(o.crashAtNs())
                                : "survived",
                        o.firstAlarmNs() == null ? "-" : Quantities.formatDuration(o.firstAlarmNs()),
                        o.warningNs() == null ? "-" : Quantities.formatDuration(o.warningNs()),
                        o.actions().isEmpty() ? "-" : o.actions().toString(),
                        o.digest());
            }
            return String.format(
                            Locale.ROOT,
                            "memory stress, 256MiB, seed %d, %s, predictor %s:%n",
                            session.seed(),
                            describe(stress),
                            w.predictor())
                    + t;
        });
    }

    /** Whether {@code stresstest memory} starts a leak: one draw per root seed. */
    static final SeedStream LEAK_CHOICE = SeedStream.named("stresstest");

    /** Says how a bare number was read, so nobody wonders whether 10000 meant seconds. */
    static void noteUnitless(Session session, Args.MillisOrDuration d) {
        if (d.unitless()) {
            session.err()
                    .println("note: --duration " + d.ns() / 1_000_000 + " read as milliseconds (" + d
                            + "), the original's unit; units are accepted too (e.g. 10s)");
            session.err().flush();
        }
    }

    static String describe(Stress s) {
        return String.format(
                Locale.ROOT,
                "%d%% footprint%s%s for %s",
                s.targetPressurePct(),
                s.leakMiBPerS() > 0 ? String.format(Locale.ROOT, ", a %.1f MiB/s leak", s.leakMiBPerS()) : ", no leak",
                s.fragStorm() ? ", a fragmentation storm" : "",
                Quantities.formatDuration(s.durationNs()));
    }

    @Command(
            name = "memory",
            description = {
                "The original syntax: a stress holding TARGET-PRESSURE percent of memory for DURATION; with",
                "--oom-probability P, a leak that would exhaust memory halfway through is started with probability",
                "P percent (drawn from the seeded stream 'stresstest', so the same seed makes the same choice)."
            })
    static final class Memory extends JsonCommand {
        @Option(
                names = "--duration",
                required = true,
                paramLabel = "DURATION",
                description =
                        "How long to run, e.g. 60s; a bare number is milliseconds, as in the original (10000 = 10s).")
        Args.MillisOrDuration duration;

        @Option(
                names = "--target-pressure",
                required = true,
                paramLabel = "PCT",
                description = "Steady footprint in percent of memory, 1..95.")
        int target;

        @Option(
                names = "--oom-probability",
                paramLabel = "PCT",
                defaultValue = "0",
                description = "Chance of a leak, 0..100 (default 0).")
        int oomProbability;

        @Mixin
        AutonomyChoice autonomy = new AutonomyChoice();

        @Override
        public void run() {
            if (target < 1 || target > 95) {
                throw new KosException("--target-pressure must be 1..95 percent, got " + target);
            }
            if (oomProbability < 0 || oomProbability > 100) {
                throw new KosException("--oom-probability must be 0..100 percent, got " + oomProbability);
            }
            if (duration.ns() <= 0) {
                throw new KosException("--duration must be positive");
            }
            noteUnitless(session, duration);
            SplittableRandom r = LEAK_CHOICE.random(session.seed());
            boolean leak = r.nextInt(100) < oomProbability;
            // A leak that would use up the memory left beside the footprint in half the run.
            double leftMiB = 256.0 * (100 - target) / 100;
            double rate = leak ? leftMiB / (duration.ns() / 2e9) : 0;
            StresstestCommand.run(
                    session, new Stress(target, rate, false, duration.ns()), autonomy.value, json.enabled());
        }
    }

    @Command(
            name = "mem",
            description = {
                "A preset memory stress: low (50%% footprint), medium (75%% and a 1 MiB/s leak) or high (80%%, a",
                "2 MiB/s leak and a fragmentation storm), 60 s."
            })
    static final class Mem extends JsonCommand {
        @Option(
                names = "--pressure",
                paramLabel = "low|medium|high",
                defaultValue = "medium",
                description = "The preset (default ${DEFAULT-VALUE}).")
        String pressure;

        @Mixin
        AutonomyChoice autonomy = new AutonomyChoice();

        @Override
        public void run() {
            long minute = 60 * Quantities.NS_PER_S;
            Stress s = switch (pressure) {
                case "low" -> new Stress(50, 0, false, minute);
                case "medium" -> new Stress(75, 1, false, minute);
                case "high" -> new Stress(80, 2, true, minute);
                default -> throw new KosException("--pressure must be low, medium or high, got '" + pressure + "'");
            };
            StresstestCommand.run(session, s, autonomy.value, json.enabled());
        }
    }
}
