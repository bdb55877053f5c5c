package kos.lora.peft;

import kos.sim.KosException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory adapters are saved under: {@code -Dkos.models=DIR} if set, else
 * {@code ~/.kos/models}. An adapter's name is one path component of letters, digits, '.', '_'
 * and '-' (not starting with '.'), so names such as {@code ../x} or {@code /etc} cannot escape
 * it; a name whose directory is a symbolic link, or whose resolved real path lies outside the
 * root, is refused too.
 */
public final class ModelsDir {
    /** The system property that overrides the default location. */
    public static final String PROPERTY = "kos.models";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final Path root;

    public ModelsDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The configured default: {@code -Dkos.models}, else {@code ~/.kos/models}. */
    public static ModelsDir standard() {
        String p = System.getProperty(PROPERTY);
        return new ModelsDir(p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), ".kos", "models"));
    }

    /** {@code dir} if given, else {@link #standard()}. */
    public static ModelsDir of(Path dir) {
        return dir == null ? standard() : new ModelsDir(dir);
    }

    public Path root() {
        return root;
    }

    /** Checks an adapter name, throwing a KosException that says why it is refused. */
    public static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new KosException("an adapter name is required");
        }
        if (name.contains("/") || name.contains("\\") || name.equals("..") || name.contains("..") || Path.of(name).isAbsolute()) {
            throw new KosException("adapter name '" + name + "' is refused: it would escape the models directory (use a plain name such as my-adapter)");
        }
        if (!NAME.matcher(name).matches()) {
            throw new KosException("adapter name '" + name + "' is refused: use 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'");
        }
        return name;
    }

    /** The directory of adapter {@code name} (which need not exist yet). */
    public Path resolve(String name) {
        checkName(name);
        Path p = root.resolve(name).normalize();
        if (!p.getParent().equals(root)) {
            throw new KosException("adapter name '" + name + "' is refused: it would escape " + root);
        }
        if (Files.isSymbolicLink(p)) {
            throw new KosException("adapter '" + name + "' is refused: " + p + " is a symbolic link");
        }
        if (Files.exists(p)) {
            try {
                Path real = p.toRealPath();
                Path realRoot = root.toRealPath();
                if (!real.getParent().equals(realRoot)) {
                    throw new KosException("adapter '" + name + "' is refused: it resolves to " + real + ", outside " + realRoot);
                }
            } catch (IOException e) {
                throw new KosException("cannot resolve " + p + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** The directory of an existing adapter; a KosException if there is none by that name. */
    public Path existing(String name) {
        Path p = resolve(name);
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(p.resolve(PeftAdapter.CONFIG_FILE), LinkOption.NOFOLLOW_LINKS)) {
            throw new KosException("no adapter named '" + name + "' in " + root + " ('loractl list' shows them)");
        }
        return p;
    }

    /** Names of the adapter directories (those holding an adapter_config.json), sorted. */
    public List<String> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> Files.isRegularFile(p.resolve(PeftAdapter.CONFIG_FILE), LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .forEach(names::add);
        } catch (IOException e) {
            throw new KosException("cannot list " + root + ": " + e.getMessage(), e);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Deletes adapter {@code name}'s directory and the files in it (links are removed, never followed). */
    public void delete(String name) {
        Path dir = existing(name);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new KosException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Total size in bytes of the regular files directly in {@code dir}. */
    public static long sizeOnDisk(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            long total = 0;
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(p);
                }
            }
            return total;
        } catch (IOException e) {
            throw new KosException("cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }
}
