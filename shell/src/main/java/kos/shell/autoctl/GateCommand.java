package kos.shell.autoctl;

import kos.shell.JsonCommand;
import kos.sim.KosException;
import kos.shell.OnOff;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.FeatureGates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** {@code autoctl gate [NAME on|off]}: show or switch the feature gates. */
@Command(name = "gate",
        description = {"Show the feature gates, or switch one at run time: ai-ops (crash-monitor, autonomy, attention)",
                "and llm. A subsystem runs only while its gate and its parent's are on; switching applies now."})
final class GateCommand extends JsonCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A gate: ai-ops, crash-monitor, autonomy, attention, llm.")
    String name;
    @Parameters(index = "1", arity = "0..1", paramLabel = "on|off", description = "Switch it.")
    String value;

    /** One gate in the report. */
    record GateView(String name, String parent, boolean switchedOn, boolean enabled, String description) {
    }

    @Override
    public void run() {
        FeatureGates gates = FeatureGates.of(session);
        if (name != null) {
            if (value == null) {
                throw new KosException("gate " + name + ": expected on or off");
            }
            gates.set(session, name, OnOff.parse(value, "gate " + name));
        }
        List<GateView> v = FeatureGates.GATES.stream().map(g -> new GateView(g.name(), g.parent(),
                gates.switchedOn(g.name()), gates.enabled(g.name()), g.description())).toList();
        print(v, () -> {
            TextTable t = new TextTable("gate", "switch", "in effect", "what");
            v.forEach(g -> t.row((g.parent() == null ? "" : "  ") + g.name(), OnOff.word(g.switchedOn()),
                    OnOff.word(g.enabled()), g.description()));
            return t.toString();
        });
    }

    static Map<String, Boolean> states(FeatureGates gates) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        FeatureGates.GATES.forEach(g -> m.put(g.name(), gates.enabled(g.name())));
        return m;
    }

    static String summary(Map<String, Boolean> states) {
        StringJoiner j = new StringJoiner(", ");
        states.forEach((k, on) -> j.add(k + " " + OnOff.word(on)));
        return j.toString();
    }
}
