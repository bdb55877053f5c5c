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
 *
 * <p>With actions off a predictor only watches, so the runner may score every predictor's
 * actions-off run of a (scenario, seed) on one simulation ({@link Runner#runObserving}); the
 * results must be those of the separate runs.
 */
public final class CrashEval {
    /** Runs one scenario once. Implementations must not share mutable state between runs. */
    @FunctionalInterface
    public interface Runner {
        EvalRun run(Scenario scenario, long seed, String predictor, boolean actionsOn);

        /**
         * The actions-off runs of every predictor on one (scenario, seed), in the given order: the
         * same results as {@code run(scenario, seed, p, false)} for each p. By default exactly that;
         * a runner may share one simulation among the predictors. A failure (an exception) makes
         * the evaluation fall back to the separate runs, so one predictor's failure stays its own.
         */
        default List<EvalRun> runObserving(Scenario scenario, long seed, List<String> predictors) {
            List<EvalRun> out = new ArrayList<>(predictors.size());
            for (String p : predictors) {
                out.add(run(scenario, seed, p, false));
            }
            return out;
        }

        /**
         * Whether the actions-on run of {@code off}'s scenario, seed and predictor would be that
         * actions-off run itself (so it need not run): true only when the runner knows that actions
         * could not have changed it. By default false: every actions-on run runs.
         */
        default boolean sameWithActions(Scenario scenario, EvalRun off) {
            return false;
        }
    }

    /** What to run. */
    public record Plan(List<Scenario> scenarios, List<Long> seeds, List<String> predictors, boolean withActions) {
        public int size() {
            return scenarios.size() * seeds.size() * predictors.size() * (withActions ? 2 : 1);
        }
    }

    private CrashEval() {}

    /** A (scenario, seed)'s finished runs and its actions-on runs still running. */
    private record Stage(List<EvalRun> runs, List<Future<EvalRun>> pending) {}

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

    /** {@link Runner#runObserving}, or the separate runs (each failing on its own) when it throws. */
    static List<EvalRun> runObserving(Runner runner, Scenario sc, long seed, List<String> predictors) {
        try {
            List<EvalRun> shared = runner.runObserving(sc, seed, predictors);
            if (shared.size() == predictors.size()) {
                return shared;
            }
        } catch (RuntimeException | StackOverflowError e) {
            // fall through: the separate runs say which predictor failed and why
        }
        List<EvalRun> out = new ArrayList<>(predictors.size());
        for (String p : predictors) {
            out.add(runOne(runner, sc, seed, p, false));
        }
        return out;
    }

    /**
     * @param progress told the number of finished runs after each run (from worker threads)
     * @param cancelled checked before each run starts; when true the remaining runs are skipped
     */
    public static List<EvalRun> run(
            Plan plan, Runner runner, int threads, IntConsumer progress, BooleanSupplier cancelled) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kos-eval");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            // Per (scenario, seed): the actions-off runs first; each then queues the actions-on runs
            // that must run (on the same pool) and derives the others (Runner#sameWithActions).
            List<Future<Stage>> stages = new ArrayList<>();
            for (Scenario sc : plan.scenarios()) {
                for (long seed : plan.seeds()) {
                    stages.add(pool.submit(() -> {
                        if (cancelled.getAsBoolean()) {
                            return new Stage(List.of(), List.of());
                        }
                        List<EvalRun> offs = runObserving(runner, sc, seed, plan.predictors());
                        List<EvalRun> ready = new ArrayList<>(offs);
                        List<Future<EvalRun>> pending = new ArrayList<>();
                        for (EvalRun off : plan.withActions() ? offs : List.<EvalRun>of()) {
                            if (runner.sameWithActions(sc, off)) {
                                ready.add(off.withActionsOn());
                                continue;
                            }
                            pending.add(pool.submit(() -> {
                                if (cancelled.getAsBoolean()) {
                                    return null;
                                }
                                EvalRun r = runOne(runner, sc, seed, off.predictor(), true);
                                progress.accept(done.incrementAndGet());
                                return r;
                            }));
                        }
                        progress.accept(done.addAndGet(ready.size()));
                        return new Stage(ready, pending);
                    }));
                }
            }
            List<EvalRun> out = new ArrayList<>(plan.size());
            for (Future<Stage> f : stages) {
                Stage st = f.get();
                out.addAll(st.runs());
                for (Future<EvalRun> p : st.pending()) {
                    EvalRun r = p.get();
                    if (r != null) {
                        out.add(r);
                    }
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
