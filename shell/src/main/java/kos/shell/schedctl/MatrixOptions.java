package kos.shell.schedctl;

import java.util.ArrayList;
import java.util.List;
import kos.attn.eval.EvalMatrix;
import kos.shell.app.SeedRange;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cells and seeds of a scheduling sweep, shared by {@code schedctl eval} and {@code schedctl
 * transformer diagnose}: mixes x loads x CPU counts, seeds S..S+N-1, tasks per run, worker threads.
 * The defaults of the seeds are the command's (the fields' initial values).
 */
final class MatrixOptions {
    /** The seeds of every cell; the tuning seeds are 1-3. */
    @Mixin
    SeedRange seeds;

    @Option(names = "--tasks", paramLabel = "N", description = "Tasks per run (default ${DEFAULT-VALUE}).")
    int tasks = 200;

    @Option(
            names = "--mix",
            split = ",(?=[a-zA-Z./])",
            paramLabel = "MIX",
            description =
                    "Mixes: names, 'new' (the four shipped extra mixes), mix files or inline specs (default: the four built-in).")
    List<String> mixes = new ArrayList<>();

    @Option(names = "--load", split = ",", paramLabel = "L", description = "Offered loads (default: 0.7,0.9).")
    List<Double> loads = new ArrayList<>(List.of(0.7, 0.9));

    @Option(names = "--cpus", split = ",", paramLabel = "N", description = "CPU counts (default: 1,4).")
    List<Integer> cpus = new ArrayList<>(List.of(1, 4));

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads (default: the number of cores). Results do not depend on it.")
    Integer threads;

    MatrixOptions(int seeds, long seedBase) {
        this.seeds = new SeedRange(seeds, seedBase);
    }

    /** Seeds S..S+N-1. */
    List<Long> seedList() {
        return seeds.list();
    }

    /** The mixes named ('new' for the shipped extra four), or the four built-in ones. */
    List<EvalMatrix.Mix> mixList() {
        List<EvalMatrix.Mix> ms = new ArrayList<>();
        for (String m : mixes) {
            if (m.equals("new")) {
                ms.addAll(EvalMatrix.newMixes());
            } else {
                ms.add(EvalMatrix.Mix.resolve(m));
            }
        }
        return ms.isEmpty() ? EvalMatrix.MIXES : ms;
    }

    /** The offered loads, each in (0, 4]. */
    List<Double> loadList() {
        for (double l : loads) {
            if (!(l > 0 && l <= 4)) {
                throw new KosException("--load " + l + " is out of range: expected (0, 4]");
            }
        }
        return loads;
    }

    int threadCount() {
        return threads == null
                ? Runtime.getRuntime().availableProcessors()
                : (int) Quantities.checkRange(threads, 1, 256, "--threads");
    }
}
