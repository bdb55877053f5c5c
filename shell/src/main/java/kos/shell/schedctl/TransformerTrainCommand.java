package kos.shell.schedctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import kos.attn.AttentionModel;
import kos.attn.Trainer;
import kos.shell.JsonCommand;
import kos.shell.Progress;
import kos.simd.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code schedctl transformer train}: fits the attention model's shipped weights offline. */
@Command(
        name = "train",
        description = {
            "Train weights offline and save them.",
            "Runs the mixes under the attention policy with learning on, one run after",
            "another sharing one model, and save it. The shipped default was made with",
            "  schedctl transformer train --out sched-transformer/src/main/resources/kos/attn/default.safetensors",
            "(all options at their defaults). Deterministic: the same options give the same file."
        })
final class TransformerTrainCommand extends JsonCommand {
    public record TrainReport(String out, int runs, Map<String, String> metadata, double seconds) {}

    @Option(
            names = "--workload",
            split = ",",
            paramLabel = "MIX",
            description = "Task mixes (default: mixed,heavy-tail,interactive,batch).")
    List<String> workloads = new ArrayList<>(List.of("mixed", "heavy-tail", "interactive", "batch"));

    @Option(names = "--loads", split = ",", paramLabel = "L", description = "Offered loads (default: 0.7,0.9).")
    List<Double> loads = new ArrayList<>(List.of(0.7, 0.9));

    @Option(names = "--cpus", split = ",", paramLabel = "N", description = "CPU counts (default: 1,4).")
    List<Integer> cpus = new ArrayList<>(List.of(1, 4));

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "S",
            description = "Simulation seeds (default: 101,102,103,104; the eval uses 1..N).")
    List<Long> seeds = new ArrayList<>(List.of(101L, 102L, 103L, 104L));

    @Option(names = "--epochs", defaultValue = "3", description = "Passes over all runs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--tasks", defaultValue = "200", description = "Tasks per run (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(
            names = "--init-seed",
            defaultValue = "7",
            description = "Seed of the initial weights (default ${DEFAULT-VALUE}).")
    long initSeed;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd or adam (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.003", description = "Learning rate (default ${DEFAULT-VALUE}).")
    String lr;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Where to write the weights (safetensors).")
    Path out;

    @Override
    public void run() {
        Map<String, String> params = new TreeMap<>(Map.of("optimizer", optimizer, "lr", lr));
        Trainer t = new Trainer(workloads, loads, cpus, seeds, epochs, tasks, initSeed, params);
        long t0 = System.nanoTime();
        AttentionModel m;
        try (Progress progress = new Progress(session, "transformer train")) {
            m = t.train(Kernels.get(), done -> {
                session.checkInterrupted();
                progress.update(done, t.runs(), done + "/" + t.runs() + " runs");
            });
        }
        m.save(out, t.metadata());
        TrainReport r = new TrainReport(out.toString(), t.runs(), t.metadata(), (System.nanoTime() - t0) / 1e9);
        print(
                r,
                () -> String.format(
                        Locale.ROOT, "trained on %d runs in %.1f s; wrote %s", r.runs(), r.seconds(), r.out()));
    }
}
