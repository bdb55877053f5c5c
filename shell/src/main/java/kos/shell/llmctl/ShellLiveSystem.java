package kos.shell.llmctl;

import kos.llm.LlmAudit;
import kos.llm.eval.LiveSystem;
import kos.llm.sandbox.CommandLayer;
import kos.llm.state.StateSnapshot;
import kos.shell.CommandRunner;
import kos.shell.CommandSplitter;
import kos.shell.Session;
import kos.sim.KosException;
import kos.sim.ProcessTable;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A fresh session with its own command runner, output captured: one system of the evaluation. */
final class ShellLiveSystem implements LiveSystem {
    private final StringWriter out = new StringWriter(), err = new StringWriter();
    private final Session session = new Session(new PrintWriter(out), new PrintWriter(err));
    private final CommandRunner runner = new CommandRunner(session);
    private final ShellCommandLayer layer = new ShellCommandLayer(runner, runner);
    private final LlmAudit audit = new LlmAudit();

    @Override
    public void run(String line) {
        err.getBuffer().setLength(0);
        int rc = runner.execute(CommandSplitter.split(line), "scenario");
        out.getBuffer().setLength(0);
        if (rc != CommandRunner.OK) {
            throw new KosException(err.toString().strip());
        }
    }

    @Override
    public StateSnapshot snapshot() {
        return LlmSnapshots.build(session.sim(), audit);
    }

    @Override
    public CommandLayer layer() {
        return layer;
    }

    @Override
    public long pidOf(String name) {
        for (ProcessTable.Process p : session.sim().processes().live()) {
            if (p.name().equals(name)) {
                return p.pid();
            }
        }
        return -1;
    }

    @Override
    public boolean alive(long pid) {
        return session.sim().processes().isAlive(pid);
    }

    @Override
    public long seed() {
        return session.seed();
    }

    @Override
    public long timeNs() {
        return session.sim().now();
    }
}
