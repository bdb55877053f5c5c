package kos.shell.schedctl;

import java.util.LinkedHashMap;
import java.util.Map;
import kos.sched.PolicyFactory;
import kos.sched.Scheduler;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.shell.app.Subsystems;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code schedctl quantum}. */
@Command(
        name = "quantum",
        description = "Show or set the time quantum of the current policy (rr, mlfq, edf's background queue).")
final class QuantumCommand extends JsonCommand {
    @Parameters(arity = "0..1", paramLabel = "DURATION", description = "The new quantum, e.g. 5ms.")
    Args.Duration quantum;

    @Override
    public void run() {
        Scheduler s = Subsystems.scheduler(session);
        Scheduler.PolicyInfo p = s.policy();
        PolicyFactory f = s.registry().get(p.name());
        if (!f.options().contains("quantum")) {
            throw new KosException(
                    "policy " + p.name() + " has no quantum (" + p.description() + "); rr, mlfq and edf have one");
        }
        if (quantum != null) {
            Map<String, String> params = new LinkedHashMap<>(p.params());
            params.put("quantum", quantum.ns() + "ns");
            s.setPolicy(p.name(), params);
        }
        String q = s.policy().params().getOrDefault("quantum", "default");
        print(
                Map.of(
                        "policy",
                        p.name(),
                        "quantum",
                        q,
                        "description",
                        s.policy().description()),
                () -> s.policy().description());
    }
}
