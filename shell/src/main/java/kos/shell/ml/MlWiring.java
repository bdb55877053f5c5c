package kos.shell.ml;

import kos.mem.FileAccessWorkload;
import kos.sim.Simulation;
import kos.workload.DiurnalWorkload;

/** What every new simulation of a session gets from the ML features: the diurnal and file-access workloads. */
public final class MlWiring {
    private MlWiring() {}

    public static void wire(Simulation sim) {
        DiurnalWorkload.registerIfAbsent(sim);
        FileAccessWorkload.registerIfAbsent(sim);
    }
}
