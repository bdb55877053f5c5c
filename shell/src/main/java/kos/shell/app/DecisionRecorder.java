package kos.shell.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kos.attn.Features;
import kos.sched.DispatchReason;
import kos.sched.SchedObserver;
import kos.sched.SchedTask;
import kos.sched.Task;

/**
 * Turns the scheduler's dispatches into SONA trajectory steps without touching the policy: at the
 * first dispatch of a CPU burst it records the decision's view (the dispatched task's
 * {@link Features} first, then up to {@code maxRows - 1} other runnable tasks, in the order they
 * first appeared), and when that burst ends (the task blocks, or exits having done its work: a
 * CPU-only job's one burst) the step is complete:
 * <ul>
 *   <li>target: {@code ln(1 + remaining burst / 100us)}, what the attention model predicts;</li>
 *   <li>reward: {@code -(n - 1) / 15 x target}: minus the (log-scaled) CPU time the decision gave
 *   its task before it blocked, times the share of the other queued tasks it made wait; picking a
 *   short task when many wait costs little, a long one a lot (SRPT's objective, per decision);</li>
 *   <li>embedding (32 floats): the chosen task's features and the mean features of the queue.</li>
 * </ul>
 * A task that is killed mid-burst drops its pending step. Runs on the simulation thread.
 */
public final class DecisionRecorder implements SchedObserver {
    public static final int EMB = 2 * Features.COUNT;

    /** Receives each completed step. */
    public interface Sink {
        void onStep(long nowNs, float[] rows, int n, float target, float reward, float[] embedding);
    }

    private final kos.sched.Scheduler scheduler;
    private final int maxRows, f = Features.COUNT;
    private final Sink sink;
    private final List<Task> live = new ArrayList<>();
    private boolean[] inLive = new boolean[64], pending = new boolean[64];
    private float[][] rows = new float[64][];
    private int[] rowCount = new int[64];
    private long[] burstAtPick = new long[64];
    private final float[] emb = new float[EMB];
    private long steps, dropped;

    public DecisionRecorder(kos.sched.Scheduler scheduler, int maxRows, Sink sink) {
        this.scheduler = scheduler;
        this.maxRows = maxRows;
        this.sink = sink;
    }

    private void grow(int i) {
        if (i < inLive.length) {
            return;
        }
        int n = Math.max(i + 1, inLive.length * 2);
        inLive = Arrays.copyOf(inLive, n);
        pending = Arrays.copyOf(pending, n);
        rows = Arrays.copyOf(rows, n);
        rowCount = Arrays.copyOf(rowCount, n);
        burstAtPick = Arrays.copyOf(burstAtPick, n);
    }

    private void track(SchedTask t) {
        int i = t.index();
        grow(i);
        if (!inLive[i]) {
            inLive[i] = true;
            live.add(scheduler.task(t.pid()));
        }
    }

    @Override
    public void onWakeup(SchedTask task) {
        track(task);
    }

    @Override
    public void onDispatch(int cpu, SchedTask t, DispatchReason reason) {
        track(t);
        int i = t.index();
        if (pending[i]) {
            return;
        }
        if (rows[i] == null) {
            rows[i] = new float[maxRows * f];
        }
        long now = scheduler.simulation().now();
        float[] r = rows[i];
        Features.extract(t, now, r, 0);
        int n = 1;
        for (int k = 0; k < live.size() && n < maxRows; k++) {
            Task o = live.get(k);
            if (o.index() != i && o.state() == Task.State.RUNNABLE) {
                Features.extract(o, now, r, n * f);
                n++;
            }
        }
        rowCount[i] = n;
        burstAtPick[i] = t.currentBurstNs();
        pending[i] = true;
    }

    @Override
    public void onBlock(SchedTask t, long burstNs) {
        int i = t.index();
        if (i < pending.length && pending[i]) {
            finish(i, burstNs);
        }
    }

    private void finish(int i, long burstNs) {
        pending[i] = false;
        int n = rowCount[i];
        float[] r = rows[i];
        float target = Features.target(Math.max(0, burstNs - burstAtPick[i]));
        float reward = -(n - 1) / 15f * target;
        Arrays.fill(emb, 0f);
        System.arraycopy(r, 0, emb, 0, f);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < f; j++) {
                emb[f + j] += r[k * f + j] / n;
            }
        }
        steps++;
        sink.onStep(scheduler.simulation().now(), r, n, target, reward, emb);
    }

    @Override
    public void onComplete(SchedTask t, boolean killed) {
        int i = t.index();
        if (i < pending.length && pending[i]) {
            if (killed) {
                pending[i] = false;
                dropped++;
            } else { // the engine ends the last burst before completing the task
                finish(i, t.lastBurstNs());
            }
        }
        if (i < inLive.length && inLive[i]) {
            inLive[i] = false;
            for (int k = 0; k < live.size(); k++) {
                if (live.get(k).index() == i) {
                    live.remove(k);
                    break;
                }
            }
        }
    }

    long steps() {
        return steps;
    }

    long dropped() {
        return dropped;
    }
}
