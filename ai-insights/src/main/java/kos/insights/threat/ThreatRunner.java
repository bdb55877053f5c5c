package kos.insights.threat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import kos.insights.autonomy.AuditEntry;
import kos.threat.TaskFeatures;
import kos.threat.ThreatMachine;
import kos.threat.ThreatScenarios;
import kos.threat.ThreatTask;

/**
 * Runs one threat scenario with a detector observing every task every 100 ms of simulated time and
 * a responder acting on what it flags, and scores the run with the ground truth.
 */
public final class ThreatRunner {
    public static final long OBSERVE_NS = 100_000_000L;
    /** Turnaround counts the victim jobs that arrive from the attack (or 1 s) until 1 s before the end. */
    public static final long BENIGN_FROM_NS = 1_000_000_000L;

    private ThreatRunner() {}

    /**
     * One run's outcome.
     *
     * @param firstDetectionNs when a hostile task was first flagged (-1: never)
     * @param benignSeen       benign tasks observed at least once
     * @param benignFlagged    of them, flagged at least once
     * @param turnaroundMs     mean turnaround of the victim jobs arriving in the scored window (unfinished: until the end)
     * @param benignActedOn    benign tasks killed or throttled
     * @param benignKilled     benign tasks killed
     * @param maxScore         each observed task's highest score, keyed "pid name hostile"
     */
    public record Outcome(
            String scenario,
            long seed,
            String detector,
            long attackNs,
            long firstDetectionNs,
            int benignSeen,
            int benignFlagged,
            int hostileSeen,
            double turnaroundMs,
            int benignActedOn,
            int benignKilled,
            List<AuditEntry> audit) {
        public boolean detected() {
            return firstDetectionNs >= 0;
        }

        public long timeToDetectionNs() {
            return firstDetectionNs < 0 ? -1 : firstDetectionNs - attackNs;
        }
    }

    /**
     * Runs {@code scenario} on {@code seed}, with its attack or without, under {@code detector} (null:
     * none) and {@code responder} (null: none); {@code rows} (null: none) receives every observation.
     */
    public static Outcome run(
            String scenario,
            long seed,
            boolean attack,
            ThreatDetector detector,
            ThreatResponder responder,
            Consumer<List<TaskFeatures.Row>> rows) {
        return run(scenario, seed, attack, detector, responder, rows, OBSERVE_NS);
    }

    /** As {@link #run(String, long, boolean, ThreatDetector, ThreatResponder, Consumer)}, observing every {@code observeNs}. */
    public static Outcome run(
            String scenario,
            long seed,
            boolean attack,
            ThreatDetector detector,
            ThreatResponder responder,
            Consumer<List<TaskFeatures.Row>> rows,
            long observeNs) {
        ThreatScenarios.Run r = ThreatScenarios.build(scenario, seed, attack);
        ThreatMachine m = r.machine();
        TaskFeatures f = new TaskFeatures();
        Set<Integer> benignSeen = new HashSet<>(), benignFlagged = new HashSet<>(), hostileSeen = new HashSet<>();
        long[] first = {-1};
        m.observe(observeNs, mm -> {
            List<TaskFeatures.Row> obs = f.observe(mm);
            if (rows != null) {
                rows.accept(obs);
            }
            for (TaskFeatures.Row row : obs) {
                (row.task().hostile() ? hostileSeen : benignSeen).add(row.task().pid());
            }
            if (detector == null) {
                return;
            }
            double[] s = detector.scoreRows(obs);
            for (int i = 0; i < s.length; i++) {
                ThreatTask t = obs.get(i).task();
                if (s[i] < detector.threshold()) {
                    continue;
                }
                if (t.hostile()) {
                    if (first[0] < 0) {
                        first[0] = mm.now();
                    }
                } else {
                    benignFlagged.add(t.pid());
                }
                if (responder != null && t.alive()) {
                    responder.respond(mm, t, detector.name(), s[i]);
                }
            }
        });
        m.runUntil(ThreatScenarios.RUN_NS);
        long from = r.attackNs() >= 0 ? r.attackNs() : BENIGN_FROM_NS;
        return new Outcome(
                scenario,
                seed,
                detector == null ? "none" : detector.name(),
                r.attackNs(),
                first[0],
                benignSeen.size(),
                benignFlagged.size(),
                hostileSeen.size(),
                turnaroundMs(m, from),
                responder == null ? 0 : responder.benignActedOn(),
                responder == null ? 0 : responder.benignKilled(),
                responder == null ? List.of() : responder.audit());
    }

    /** Mean turnaround (ms) of the victim jobs arriving in [from, end - 1 s); an unfinished job counts until the end. */
    static double turnaroundMs(ThreatMachine m, long from) {
        long until = ThreatScenarios.RUN_NS - 1_000_000_000L;
        double sum = 0;
        int n = 0;
        for (int w = 0; w < ThreatScenarios.VICTIMS; w++) {
            for (int k = 0; ; k++) {
                long arrival = ThreatScenarios.victimFirstNs(w) + k * ThreatScenarios.VICTIM_PERIOD_NS;
                if (arrival >= until) {
                    break;
                }
                if (arrival < from) {
                    continue;
                }
                long finish = ThreatScenarios.RUN_NS;
                for (ThreatMachine.JobDone j : m.jobs()) {
                    if (j.worker() == w && j.job() == k) {
                        finish = j.finishNs();
                        break;
                    }
                }
                sum += (finish - arrival) / 1e6;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
