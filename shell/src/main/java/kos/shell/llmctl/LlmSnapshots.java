package kos.shell.llmctl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import kos.attn.AttentionPolicy;
import kos.insights.autonomy.AuditEntry;
import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.Prediction;
import kos.llm.LlmAudit;
import kos.llm.state.SnapshotReader;
import kos.llm.state.StateSnapshot;
import kos.llm.state.StateSnapshot.Action;
import kos.sched.Scheduler;
import kos.sim.Simulation;

/**
 * Builds the snapshot llmctl answers about: kernel-sim's part through {@link SnapshotReader}, and
 * the parts only the shell can see (the crash monitor's latest prediction, the autonomy loop's
 * audit log, whether the attention scheduler is active) as {@link SnapshotReader.Extras}.
 * Reads only: nothing here creates memory or a scheduler or schedules an event.
 */
final class LlmSnapshots {
    static final int ACTIONS = 8;

    private LlmSnapshots() {}

    static StateSnapshot build(Simulation sim, LlmAudit audit) {
        StateSnapshot.Risk risk = sim.find(CrashMonitor.class)
                .map(m -> {
                    Prediction p = m.last();
                    return p == null
                            ? new StateSnapshot.Risk(m.predictor().name(), 0, "NORMAL", "none", -1)
                            : new StateSnapshot.Risk(
                                    m.predictor().name(),
                                    p.confidence(),
                                    p.level().name(),
                                    p.cause().name().toLowerCase(Locale.ROOT),
                                    p.timeToExhaustionNs());
                })
                .orElse(StateSnapshot.Risk.NONE);
        List<Action> actions = new ArrayList<>();
        sim.find(AutonomyLoop.class).ifPresent(l -> {
            for (AuditEntry e : l.audit(LlmAudit.KEEP)) {
                actions.add(new Action(e.timeNs(), "autonomy", e.action(), e.reason(), e.detail()));
            }
        });
        actions.addAll(audit.actions(LlmAudit.KEEP));
        actions.sort(Comparator.comparingLong(Action::timeNs));
        List<Action> recent = actions.subList(Math.max(0, actions.size() - ACTIONS), actions.size());
        String attention = sim.find(Scheduler.class)
                .map(s -> s.queue(0) instanceof AttentionPolicy ? "active" : "off")
                .orElse("");
        return SnapshotReader.read(sim, new SnapshotReader.Extras(risk, recent, attention))
                .withHistory(actions);
    }
}
