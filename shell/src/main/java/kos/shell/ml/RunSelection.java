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
            description = "Seeds: a list such as 1,2,3 or 1..5, or a count N (N seeds from the first default one)"
                    + " (default: the model's training seeds for collect, its held-out evaluation seeds otherwise).")
    String seeds;

    /** The seeds named, or an empty list for the model's defaults; a count N starts at {@code defaults}' first. */
    List<Long> seedList(List<Long> defaults) {
        return seeds == null || seeds.isBlank() ? List.of() : SeedList.parse(seeds, defaults);
    }
}
