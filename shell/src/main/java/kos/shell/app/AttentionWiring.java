package kos.shell.app;

import kos.attn.AttentionPolicy;
import kos.sched.Scheduler;
import kos.shell.Session;
import kos.sim.KosException;

import java.util.Map;

/**
 * Helpers shared by the attention-scheduler commands. The policy gets its trace and telemetry from
 * its {@code SchedContext}, so it needs no wiring of the shell's.
 */
public final class AttentionWiring {
    private AttentionWiring() {
    }

    /** The active attention policy, or a message saying how to turn it on. */
    public static AttentionPolicy active(Session session) {
        Scheduler s = Scheduler.of(session.sim());
        if (s.queue(0) instanceof AttentionPolicy p) {
            return p;
        }
        throw new KosException("the attention scheduler is not the active policy (it is " + s.policy().name()
                + "): run 'schedctl transformer on' first");
    }

    /** Puts the policy that was active before the attention scheduler back, if it is active. */
    public static void switchOff(Session session) {
        Scheduler s = session.sim().find(Scheduler.class).orElse(null);
        if (s != null && s.queue(0) instanceof AttentionPolicy) {
            State st = session.extension(State.class, State::new);
            s.setPolicy(st.previousPolicy, st.previousParams);
        }
    }

    /** What {@code transformer off} goes back to. */
    public static final class State {
        public String previousPolicy = "cfs";
        public Map<String, String> previousParams = Map.of();
    }
}
