package kos.insights.eval;

import kos.sim.KosException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A scenario script and the family it belongs to. Scenarios in a subdirectory of a scenario root
 * belong to the family named after that directory (e.g. {@code examples/scenarios/leak/slow-leak.kos}
 * is in family {@code leak}); a script directly in a root, or given as a file, is a family of its own
 * unless its text declares one with a {@code # family: NAME} line.
 *
 * @param path   the script
 * @param name   its file name without {@code .kos}
 * @param family its family: the unit left out in leave-one-family-out evaluation
 */
public record Scenario(Path path, String name, String family) {

    /** The scenario scripts under the given files and directories (recursively), sorted by family, then name. */
    public static List<Scenario> discover(List<Path> roots) {
        List<Scenario> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> p.toString().endsWith(".kos") && Files.isRegularFile(p)).forEach(p -> {
                        Path rel = root.relativize(p);
                        out.add(of(p, rel.getNameCount() > 1 ? rel.getName(0).toString() : null));
                    });
                } catch (IOException e) {
                    throw new KosException("cannot list " + root + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(root)) {
                out.add(of(root, null));
            } else {
                throw new KosException("no such scenario file or directory: " + root);
            }
        }
        if (out.isEmpty()) {
            throw new KosException("no scenario scripts (*.kos) found in " + roots);
        }
        out.sort(Comparator.comparing(Scenario::family).thenComparing(Scenario::name).thenComparing(sc -> sc.path().toString()));
        return List.copyOf(out);
    }

    /** A scenario from its script; the family from a {@code # family:} line, else {@code dirFamily}, else its name. */
    public static Scenario of(Path path, String dirFamily) {
        String f = path.getFileName().toString();
        String name = f.endsWith(".kos") ? f.substring(0, f.length() - 4) : f;
        String declared = header(path, "family");
        return new Scenario(path, name, declared != null ? declared : dirFamily != null ? dirFamily : name);
    }

    /** The value of a {@code # KEY: value} comment line of a script, or null. */
    public static String header(Path script, String key) {
        try (Stream<String> lines = Files.lines(script)) {
            String prefix = "# " + key + ":";
            return lines.map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip())
                    .findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new KosException("cannot read scenario " + script + ": " + e.getMessage());
        }
    }
}
