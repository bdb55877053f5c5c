package kos.sched;

import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import kos.sim.KosException;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;

/**
 * The workload {@code mix}: runs a {@link MixSpec} ({@code --spec NAME|FILE|INLINE}) with
 * {@code --tasks} arriving tasks (Poisson, or all at once with {@code --arrival burst}) at
 * {@code --load} (default: the spec's first load, else 0.7). Declared realtime tasks are spawned at
 * the start and release jobs until the arrivals are expected to end ({@code tasks / lambda});
 * admission rejections (EDF) are counted, not fatal. Draws from the stream {@code sched.workload.mix.N}.
 */
final class SpecMix extends TaskArrivals {
    static final String NAME = "mix";

    static final class Factory implements Workload.Factory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String summary() {
            return "task mix from a spec: --spec NAME|FILE|INLINE (shipped: " + String.join(", ", MixSpec.NAMED) + ")";
        }

        @Override
        public Set<String> options() {
            return java.util.Collections.unmodifiableSortedSet(
                    new TreeSet<>(Set.of("spec", "tasks", "load", "arrival")));
        }

        @Override
        public Workload create(Simulation sim, WorkloadParams p) {
            String text = p.string("spec", null);
            if (text == null) {
                throw new KosException("workload mix needs --spec NAME|FILE|INLINE");
            }
            MixSpec spec = MixSpec.resolve(text);
            Scheduler s = Scheduler.of(sim);
            int n = (int) p.integer("tasks", 200, 1, 10_000_000);
            double load =
                    p.number("load", spec.loads().isEmpty() ? 0.7 : spec.loads().get(0), 0.0001, 100);
            String arrival = p.string("arrival", "poisson").toLowerCase(Locale.ROOT);
            if (!arrival.equals("poisson") && !arrival.equals("burst")) {
                throw new KosException("--arrival " + arrival + ": expected poisson or burst");
            }
            double arriving = load * s.cpuCount() - spec.realtimeUtilisation();
            if (arriving <= 0) {
                throw new KosException(String.format(
                        Locale.ROOT,
                        "mix %s: its realtime tasks alone use %.2f CPUs, more than load %.2f x %d CPUs",
                        spec.name(),
                        spec.realtimeUtilisation(),
                        load,
                        s.cpuCount()));
            }
            SplittableRandom r = sim.random().fresh("sched.workload.mix." + s.nextWorkloadInstance());
            return new SpecMix(spec, s, r, n, load, arriving / spec.meanWorkNs(), arrival.equals("burst"));
        }
    }

    private final MixSpec spec;
    private final double shareSum;
    private int admitted, rejected;

    private SpecMix(
            MixSpec spec, Scheduler s, SplittableRandom r, int total, double load, double lambdaPerNs, boolean burst) {
        super(s, r, total, load, lambdaPerNs, burst);
        this.spec = spec;
        this.shareSum =
                spec.classes().stream().mapToDouble(MixSpec.ClassSpec::share).sum();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT,
                "mix %s: %d tasks, load %.2f of %d CPUs (%s, %.1f/s), %d spawned, realtime %d admitted %d rejected%s",
                spec.name(),
                total,
                load,
                s.cpuCount(),
                burst ? "all at once" : "Poisson",
                lambdaPerNs * 1e9,
                spawned,
                admitted,
                rejected,
                done ? ", done" : "");
    }

    @Override
    public void start(Simulation sim) {
        long spanNs = burst ? 0 : (long) (total / lambdaPerNs);
        int k = 0;
        for (MixSpec.RealtimeSpec rt : spec.realtime()) {
            long jobs = Math.max(1, (spanNs + rt.periodNs() - 1) / rt.periodNs());
            for (int i = 0; i < rt.count(); i++) {
                TaskSpec t = new TaskSpec(
                        "rt-" + (++k),
                        0,
                        TaskClass.REALTIME,
                        null,
                        null,
                        0,
                        0,
                        rt.workingSetBytes(),
                        new TaskSpec.Periodic(rt.wcetNs(), rt.periodNs(), rt.deadlineNs(), jobs, null),
                        -1);
                try {
                    s.spawn(t);
                    admitted++;
                } catch (KosException e) {
                    rejected++;
                }
            }
        }
        super.start(sim);
    }

    @Override
    TaskSpec next() {
        double u = r.nextDouble() * shareSum, acc = 0;
        MixSpec.ClassSpec c = spec.classes().get(spec.classes().size() - 1);
        for (MixSpec.ClassSpec x : spec.classes()) {
            acc += x.share();
            if (u < acc) {
                c = x;
                break;
            }
        }
        long work = c.work().sample(r, spawned);
        String name = c.taskClass().label() + "-" + (spawned + 1);
        return c.burst() == null
                ? new TaskSpec(
                        name,
                        c.nice(),
                        c.taskClass(),
                        Distribution.fixed(work),
                        null,
                        work,
                        0,
                        c.workingSetBytes(),
                        null,
                        -1)
                : new TaskSpec(
                        name, c.nice(), c.taskClass(), c.burst(), c.io(), work, 0, c.workingSetBytes(), null, -1);
    }
}
