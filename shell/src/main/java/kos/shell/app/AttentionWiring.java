package kos.shell.app;

import kos.attn.AttentionPolicy;
import kos.sched.DispatchReason;
import kos.sched.SchedObserver;
import kos.sched.SchedTask;
import kos.sched.Scheduler;
import kos.shell.Session;
import kos.sim.KosException;
import kos.sim.Simulation;

import java.util.Map;

/** Session wiring and helpers shared by the attention-scheduler commands. */
public final class AttentionWiring {
    private AttentionWiring() {
    }

    /**
     * Binds every attention policy of a simulation to it (trace and the AI dashboard) however it
     * was selected ({@code schedctl policy attention} or {@code schedctl transformer on}): an
     * observer checks the dispatching queue's policy. The shell calls this for every new simulation.
     */
    public static void wire(Simulation sim) {
        sim.onInstall(Scheduler.class, s -> {
            s.addObserver(new SchedObserver() {
                @Override
                public void onDispatch(int cpu, SchedTask task, DispatchReason reason) {
                    if (s.queue(cpu) instanceof AttentionPolicy p && !p.bound()) {
                        p.bind(sim);
                    }
                }
            });
            if (s.queue(0) instanceof AttentionPolicy p) {
                p.bind(sim);
            }
        });
    }

    /** The active attention policy, or a message saying how to turn it on. */
    public static AttentionPolicy active(Session session) {
        Scheduler s = Scheduler.of(session.sim());
        if (s.queue(0) instanceof AttentionPolicy p) {
            p.bind(session.sim());
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
