package kos.shell.report;

import kos.shell.ShellCommand;
import kos.shell.app.LiveFeed;
import kos.shell.app.ShadowBaseline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code report FILE.html}: the session's run and dashboard as one self-contained HTML file. */
@Command(name = "report",
        description = {"Write the session's run as one self-contained HTML file (no network needed to view it):",
                "memory, PSI and predictor confidence over virtual time with alarm, crash and action markers, the",
                "scheduler, and the AI metrics dashboard. Written atomically; the directory must exist."})
public final class ReportCommand extends ShellCommand {
    @Parameters(paramLabel = "FILE.html", description = "Where to write the report.")
    Path file;

    @Override
    public void run() {
        LiveFeed feed = LiveFeed.of(session);
        feed.sample(session);
        ShadowBaseline.of(session).measure(session);
        HtmlReport.write(file, new HtmlReport.Data("kos report (seed " + session.seed() + ")", feed.since(0),
                session.dashboard().snapshot(), null, null, null, List.of(),
                List.of("Samples are taken at the step boundaries of 'sim run' (100 per run); times are virtual.")),
                session.json());
        session.out().println("report written to " + file);
    }
}
