package kos.shell.app;

import kos.mem.PhysicalMemory;
import kos.sched.Scheduler;
import kos.shell.Session;
import kos.sim.Quantities;

/** The session's simulated subsystems, created with their defaults on first use. */
public final class Subsystems {
    private Subsystems() {
    }

    /** The memory of the session's simulation, created with the default size (saying so on stderr) if missing. */
    public static PhysicalMemory memory(Session session) {
        var sim = session.sim();
        return sim.find(PhysicalMemory.class).orElseGet(() -> {
            session.err().println("note: no memory initialised; created the default "
                    + Quantities.formatBytes(PhysicalMemory.DEFAULT_BYTES) + " zone (use 'mem init SIZE' to choose)");
            session.err().flush();
            return PhysicalMemory.install(sim, PhysicalMemory.DEFAULT_BYTES);
        });
    }

    /** The session's scheduler, created with 2 CPUs and CFS on first use. */
    public static Scheduler scheduler(Session session) {
        return Scheduler.of(session.sim());
    }
}
