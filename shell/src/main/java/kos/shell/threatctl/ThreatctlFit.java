package kos.shell.threatctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import kos.insights.threat.ShippedThreatModel;
import kos.insights.threat.ThreatModel;
import kos.ml.registry.ModelRegistry;
import kos.shell.JsonCommand;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import kos.sim.SafeText;
import kos.threat.ThreatScenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "fit",
        description = {
            "Train kos's threat MLP on the training scenarios and seeds only (as 'threatctl eval' trained it",
            "when no model was registered; deterministic: the same weights on any machine) and compare it with",
            "the shipped model (" + ShippedThreatModel.SOURCE_PATH + ", used when the registry",
            "has no 'threat' version). --out FILE writes the weights there (the shipped file is made so);",
            "--check fails unless the shipped model equals the retrained one byte for byte. Takes ~20-40 s."
        })
final class ThreatctlFit extends JsonCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "Write the trained weights (JSON) to FILE.")
    Path out;

    @Option(names = "--check", description = "Fail unless the shipped model is byte-identical to the retrained one.")
    boolean check;

    record View(
            java.util.List<String> scenarios,
            java.util.List<Long> seeds,
            int features,
            String sha256,
            String shippedSha256,
            boolean matchesShipped,
            String written) {}

    @Override
    public void run() {
        requireOutDirectory();
        byte[] trained = ShippedThreatModel.toBytes(ShippedThreatModel.train(session::isInterrupted));
        byte[] shipped = ShippedThreatModel.bytes().orElse(null);
        boolean same = shipped != null && Arrays.equals(shipped, trained);
        if (out != null) {
            AtomicFiles.write(out, trained);
        }
        View v = new View(
                ThreatScenarios.TRAINING,
                ThreatModel.TRAIN_SEEDS,
                ThreatModel.FEATURES.size(),
                ModelRegistry.sha256(trained),
                shipped == null ? null : ModelRegistry.sha256(shipped),
                same,
                out == null ? null : out.toString());
        print(v, () -> human(v));
        if (check && !same) {
            throw new KosException(
                    "the shipped threat model is not the retrained one: write it with 'threatctl fit --out "
                            + ShippedThreatModel.SOURCE_PATH + "' and rebuild");
        }
    }

    /** Refuses an {@code --out} in a directory that does not exist before training, not after. */
    private void requireOutDirectory() {
        Path dir = out == null ? null : out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new KosException("--out " + SafeText.quote(out.toString()) + ": no such directory "
                    + SafeText.quote(dir.toString()) + "; nothing trained");
        }
    }

    private static String human(View v) {
        return "trained on " + v.scenarios() + ", seeds " + v.seeds() + " (" + v.features() + " features): sha256 "
                + v.sha256() + "\nshipped: "
                + (v.shippedSha256() == null
                        ? "none in this build"
                        : v.shippedSha256() + (v.matchesShipped() ? " (identical)" : " (DIFFERENT)"))
                + (v.written() == null ? "" : "\nwritten to " + v.written());
    }
}
