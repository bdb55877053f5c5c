package kos.shell.app;

import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.Prediction;
import kos.insights.dashboard.DashboardSnapshot;
import kos.mem.BuddyAllocator;
import kos.mem.PhysicalMemory;
import kos.sched.SchedStats;
import kos.sched.Scheduler;
import kos.shell.Session;
import kos.sim.Simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the live dashboard and the HTML reports draw: a bounded series of samples of the session's
 * simulation (memory, PSI, predictor confidence, alarms, crash, autonomy actions, scheduler), taken
 * by the simulation thread at the step boundaries of {@code sim run} (100 per run), plus the latest
 * dashboard snapshot.
 *
 * <p>Sampling reads state and schedules nothing, so it leaves the simulation and its digest
 * untouched. The one writer is the simulation thread; readers (the web server's threads) get
 * copies under the lock, so they never see a half-written sample and never slow the simulation
 * for longer than a copy. Holds at most {@link #CAPACITY} samples: older ones are dropped.
 */
public final class LiveFeed {
    /** Samples kept; at 100 per {@code sim run}, the last 40 runs. */
    public static final int CAPACITY = 4000;

    /**
     * One sample. Percentages are of the zone's pages; confidence is the crash predictor's; a value
     * is null when its subsystem does not exist (no memory, no monitor); actions and switches are
     * cumulative counts.
     */
    public record Sample(long seq, long timeNs, Double memUsedPct, Double pageCachePct, Double psiSome10,
                         Double psiFull10, Double confidence, boolean alarm, String cause, boolean crashed,
                         long actions, long switches, int runnable, String policy) {
    }

    private final Sample[] ring = new Sample[CAPACITY];
    private long next;
    private volatile boolean publishDashboard;
    private volatile DashboardSnapshot dashboard;

    /** The session's feed, created on first use. */
    public static LiveFeed of(Session session) {
        return session.extension(LiveFeed.class, LiveFeed::new);
    }

    /** Takes one sample of the session's simulation (simulation thread only). */
    public void sample(Session session) {
        if (!session.hasSimulation()) {
            return;
        }
        Simulation sim = session.sim();
        Double used = null, cache = null, some = null, full = null, conf = null;
        boolean alarm = false, crashed = sim.crashed().isPresent();
        String cause = "";
        long actions = 0;
        PhysicalMemory mem = sim.find(PhysicalMemory.class).orElse(null);
        if (mem != null) {
            BuddyAllocator z = mem.zone();
            used = 100.0 * (z.pages() - z.freePages()) / z.pages();
            cache = 100.0 * z.pageCachePages() / z.pages();
            some = mem.psiSome().percent(0);
            full = mem.psiFull().percent(0);
        }
        CrashMonitor m = sim.find(CrashMonitor.class).orElse(null);
        if (m != null && m.last() != null) {
            Prediction p = m.last();
            conf = p.confidence();
            alarm = m.alarm();
            cause = p.cause().name().toLowerCase(Locale.ROOT);
        }
        AutonomyLoop loop = sim.find(AutonomyLoop.class).orElse(null);
        if (loop != null) {
            for (int c : loop.actionCounts().values()) {
                actions += c;
            }
        }
        long switches = 0;
        int runnable = 0;
        String policy = "";
        Scheduler s = sim.find(Scheduler.class).orElse(null);
        if (s != null) {
            SchedStats st = s.stats();
            switches = st.switches();
            runnable = st.runnable();
            policy = st.policy();
        }
        synchronized (this) {
            ring[(int) (next % CAPACITY)] = new Sample(next, sim.now(), used, cache, some, full, conf, alarm, cause,
                    crashed, actions, switches, runnable, policy);
            next++;
        }
        if (publishDashboard) {
            dashboard = session.dashboard().snapshot();
        }
    }

    /** Samples with a sequence number of at least {@code fromSeq}, oldest first (any thread). */
    public synchronized List<Sample> since(long fromSeq) {
        long from = Math.max(fromSeq, Math.max(0, next - CAPACITY));
        List<Sample> out = new ArrayList<>((int) Math.max(0, next - from));
        for (long i = from; i < next; i++) {
            out.add(ring[(int) (i % CAPACITY)]);
        }
        return out;
    }

    /** The newest sample, or null before the first (any thread). */
    public synchronized Sample latest() {
        return next == 0 ? null : ring[(int) ((next - 1) % CAPACITY)];
    }

    /** While on, every sample also publishes the dashboard for readers on other threads. */
    public void publishDashboard(boolean on, Session session) {
        publishDashboard = on;
        if (on) {
            dashboard = session.dashboard().snapshot();
        }
    }

    /** The latest published dashboard (null before the first). */
    public DashboardSnapshot dashboard() {
        return dashboard;
    }
}
