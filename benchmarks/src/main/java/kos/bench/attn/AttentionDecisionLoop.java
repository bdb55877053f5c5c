package kos.bench.attn;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import kos.attn.AttentionPolicy;
import kos.sched.PolicyHarness;
import kos.sched.PolicyRegistry;

/**
 * The decision of {@link AttentionDecisionBench} timed one by one in a plain loop, for a quick
 * percentile read without JMH: {@code java --add-modules jdk.incubator.vector -cp
 * benchmarks/target/benchmarks.jar kos.bench.attn.AttentionDecisionLoop [TASKS] [DECISIONS]}
 * (defaults 64 and 300000, after as many warm-up decisions). Wall-clock numbers: on a loaded
 * machine the tail is mostly the process waiting for a core, so it also prints the thread's CPU
 * time per decision (ThreadMXBean), which waiting does not inflate.
 */
public final class AttentionDecisionLoop {
    private AttentionDecisionLoop() {}

    public static void main(String[] args) {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        if (tasks <= 0 || n <= 0) {
            throw new IllegalArgumentException("TASKS and DECISIONS must be positive");
        }
        PolicyHarness harness = new PolicyHarness(
                PolicyRegistry.standard(), AttentionPolicy.NAME, Map.of("learn", "off"), tasks, 5_000_000, 42);
        for (int i = 0; i < n; i++) {
            harness.step(1_000_000);
        }
        long[] t = new long[n];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            harness.step(1_000_000);
            t[i] = System.nanoTime() - t0;
        }
        // CPU time of this thread over the timed loop: what a decision costs when it is not waiting for a core (the
        // figure to quote on a loaded machine; it includes the two clock reads per decision)
        double cpuUs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
        Arrays.sort(t);
        System.out.printf(
                Locale.ROOT,
                "attention decision, %d queued tasks, %d decisions: min %.2f us, p50 %.2f us, p90 %.2f us, p99 %.2f us%n",
                tasks,
                n,
                t[0] / 1e3,
                t[n / 2] / 1e3,
                t[(int) (n * 0.9)] / 1e3,
                t[(int) (n * 0.99)] / 1e3);
        System.out.printf(Locale.ROOT, "thread CPU time per decision (mean over the timed loop): %.2f us%n", cpuUs);
    }
}
