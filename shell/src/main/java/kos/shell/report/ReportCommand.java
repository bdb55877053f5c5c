package kos.shell.report;

import java.nio.file.Path;
import java.util.List;
import kos.attn.AttentionPolicy;
import kos.sched.Scheduler;
import kos.shell.ShellCommand;
import kos.shell.app.LiveFeed;
import kos.shell.app.ShadowBaseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code report FILE.html}: the session's run and dashboard as one self-contained HTML file. */
@Command(
        name = "report",
        description = {
            "Write the session's run as one self-contained HTML file (no network needed to view it):",
            "memory, PSI and predictor confidence over virtual time with alarm, crash and action markers, the",
            "scheduler, and the AI metrics dashboard. Written atomically; the directory must exist."
        })
public final class ReportCommand extends ShellCommand {
    @Parameters(paramLabel = "FILE.html", description = "Where to write the report.")
    Path file;

    @Override
    public void run() {
        LiveFeed feed = LiveFeed.of(session);
        feed.sample(session);
        ShadowBaseline.of(session).measure(session);
        HtmlReport.write(
                file,
                new HtmlReport.Data(
                        "kos report (seed " + session.seed() + ")",
                        feed.since(0),
                        session.dashboard().snapshot(),
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(
                                "Samples are taken at the step boundaries of 'sim run' (100 per run); times are virtual."),
                        attentionMap()),
                session.json());
        session.out().println("report written to " + file);
    }

    /** The attention scheduler's last decision as a map over its candidates, or null when it is not running. */
    private HtmlReport.AttentionMap attentionMap() {
        if (!session.hasSimulation()) {
            return null;
        }
        Scheduler s = session.sim().find(Scheduler.class).orElse(null);
        if (s == null || !(s.queue(0) instanceof AttentionPolicy p)) {
            return null;
        }
        AttentionPolicy.Explanation picked = p.explain(-1).orElse(null);
        if (picked == null) {
            return null;
        }
        List<AttentionPolicy.Candidate> cands = picked.candidates();
        double[][] w = new double[cands.size()][];
        int pickedRow = 0;
        for (int i = 0; i < cands.size(); i++) {
            AttentionPolicy.Explanation row = p.explain(cands.get(i).pid()).orElse(picked);
            w[i] = row.candidates().stream()
                    .mapToDouble(AttentionPolicy.Candidate::attention)
                    .toArray();
            if (cands.get(i).picked()) {
                pickedRow = i;
            }
        }
        return new HtmlReport.AttentionMap(
                cands.stream().map(c -> c.name() + " (" + c.pid() + ")").toList(), w, pickedRow);
    }
}
