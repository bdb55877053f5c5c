package kos.insights.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs a crash-prediction evaluation: every scenario on every seed for every predictor, with
 * actions off and on, each run in its own simulation on a pool of threads. Results are sorted by
 * (scenario, seed, predictor, actions), so they do not depend on the thread count or on which run
 * finished first.
 */
public final class CrashEval {
    /** Runs one scenario once. Implementations must not share mutable state between runs. */
    @FunctionalInterface
    public interface Runner {
        EvalRun run(Scenario scenario, long seed, String predictor, boolean actionsOn);
    }

    /** What to run. */
    public record Plan(List<Scenario> scenarios, List<Long> seeds, List<String> predictors, boolean withActions) {
        public int size() {
            return scenarios.size() * seeds.size() * predictors.size() * (withActions ? 2 : 1);
        }
    }

    private CrashEval() {
    }

    /**
     * Runs one, turning a failure into a failed run: one broken scenario (a script error, a
     * workload whose owner an action killed) is reported in the results, never aborts the rest.
     */
    static EvalRun runOne(Runner runner, Scenario sc, long seed, String predictor, boolean actions) {
        try {
            return runner.run(sc, seed, predictor, actions);
        } catch (RuntimeException | StackOverflowError e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return EvalRun.failed(sc.name(), sc.family(), seed, predictor, actions, msg);
        }
    }

    /**
     * @param progress told the number of finished runs after each run (from worker threads)
     * @param cancelled checked before each run starts; when true the remaining runs are skipped
     */
    public static List<EvalRun> run(Plan plan, Runner runner, int threads, IntConsumer progress, BooleanSupplier cancelled) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kos-eval");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<EvalRun>> futures = new ArrayList<>();
            for (Scenario sc : plan.scenarios()) {
                for (long seed : plan.seeds()) {
                    for (String p : plan.predictors()) {
                        for (boolean actions : plan.withActions() ? new boolean[]{false, true} : new boolean[]{false}) {
                            futures.add(pool.submit(() -> {
                                if (cancelled.getAsBoolean()) {
                                    return null;
                                }
                                EvalRun r = runOne(runner, sc, seed, p, actions);
                                progress.accept(done.incrementAndGet());
                                return r;
                            }));
                        }
                    }
                }
            }
            List<EvalRun> out = new ArrayList<>(futures.size());
            for (Future<EvalRun> f : futures) {
                EvalRun r = f.get();
                if (r != null) {
                    out.add(r);
                }
            }
            out.sort(EvalSummary.RUN_ORDER);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new kos.sim.KosException("evaluation interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
