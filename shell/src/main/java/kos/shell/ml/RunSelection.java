package kos.shell.ml;

import java.util.ArrayList;
import java.util.List;
import kos.shell.app.SeedList;
import picocli.CommandLine.Option;

/** {@code --scenarios} and {@code --seeds}: which simulator runs an ml command uses. */
final class RunSelection {
    @Option(
            names = "--scenarios",
            paramLabel = "S",
            split = ",",
            description = "Scenarios (default: all of the model's).")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--seeds",
            paramLabel = "LIST",
            description = "Seeds, e.g. 1,2,3 or 1..5 (default: the model's training seeds for collect, its held-out"
                    + " evaluation seeds otherwise).")
    String seeds;

    List<Long> seedList() {
        return SeedList.parse(seeds, List.of());
    }
}
