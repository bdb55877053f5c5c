package kos.sched;

import java.util.SplittableRandom;
import kos.sim.EventTarget;
import kos.sim.Simulation;
import kos.sim.Workload;

/**
 * A workload that spawns {@code total} tasks on a scheduler, one per arrival: a Poisson process of
 * rate {@code lambdaPerNs} (exponential gaps drawn after each task's own draws, so one stream gives
 * the same tasks at the same times on every run), or all at the same instant ({@code burst}). What
 * arrives is the subclass's {@link #next}. The scheduler counts it as a generator until the last
 * task has arrived or the workload is stopped, which is what {@code sim run --until-idle} waits for.
 */
abstract class TaskArrivals implements Workload, EventTarget {
    final Scheduler s;
    final SplittableRandom r;
    final int total;
    final double load, lambdaPerNs;
    final boolean burst;
    int spawned;
    boolean done;

    TaskArrivals(Scheduler s, SplittableRandom r, int total, double load, double lambdaPerNs, boolean burst) {
        this.s = s;
        this.r = r;
        this.total = total;
        this.load = load;
        this.lambdaPerNs = lambdaPerNs;
        this.burst = burst;
    }

    /** The task arriving now, drawn from {@link #r}; {@code spawned} tasks have arrived before it. */
    abstract TaskSpec next();

    @Override
    public void start(Simulation sim) {
        s.generatorStarted();
        sim.scheduleAfter(0, this, 0, 0);
    }

    @Override
    public void stop(Simulation sim) {
        finish();
    }

    private void finish() {
        if (!done) {
            done = true;
            s.generatorFinished();
        }
    }

    @Override
    public void onEvent(Simulation sim, int kind, long arg) {
        if (done) {
            return;
        }
        s.spawn(next());
        spawned++;
        if (spawned >= total) {
            finish();
            return;
        }
        long gap = burst ? 0 : Math.max(0, Math.round(-StrictMath.log(1.0 - r.nextDouble()) / lambdaPerNs));
        sim.scheduleAfter(gap, this, 0, 0);
    }
}
