package kos.shell.sona;

import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sona.LoopCoordinator;
import picocli.CommandLine.Command;

/** {@code sona status}. */
@Command(
        name = "status",
        description = {
            "The feature gate, the settings and SONA's counters.",
            "Decisions, loops, trajectory buffer, patterns, EWC++."
        })
final class StatusCommand extends JsonCommand {
    /** What {@code sona status} reports: the gate, the settings and the loops' counters (null before the first 'sona on'). */
    record StatusView(boolean on, String settings, LoopCoordinator.Status status) {
        String render() {
            TextTable t = new TextTable("field", "value")
                    .row("sona", on ? "on" : "off")
                    .row("settings", settings);
            if (status == null) {
                return t.row("state", "not run yet ('schedctl transformer on', then 'sona on')")
                        .toString();
            }
            LoopCoordinator.Status s = status;
            return t.row("decisions (loop A)", s.decisions() + " (MicroLoRA applied " + s.microApplies() + "x)")
                    .row(
                            "trajectory buffer",
                            s.buffered() + "/" + s.bufferCapacity() + ", " + s.recorded() + " recorded, " + s.dropped()
                                    + " dropped")
                    .row(
                            "loop B / loop C",
                            s.loopBRuns() + " / " + s.loopCRuns() + " runs, " + s.baseSteps() + " BaseLoRA steps, "
                                    + s.dreams() + " dreams")
                    .row(
                            "task boundaries",
                            s.boundaries() + " (EWC++ remembers " + s.ewcTasks() + ", task memory "
                                    + s.rememberedTasks() + ", " + s.recalls() + " recalls)")
                    .row("patterns", s.patterns())
                    .row("prediction loss (avg)", SonaCommand.f(s.lossEwma()))
                    .row("reward baseline", SonaCommand.f(s.baseline()))
                    .row("|B| micro / base", SonaCommand.f(s.microNormB()) + " / " + SonaCommand.f(s.baseNormB()))
                    .toString();
        }
    }

    @Override
    public void run() {
        SonaShell sh = SonaShell.of(session);
        LoopCoordinator lc = sh.coordinator();
        StatusView v = new StatusView(sh.on(session), sh.describe(), lc == null ? null : lc.status());
        print(v, v::render);
    }
}
