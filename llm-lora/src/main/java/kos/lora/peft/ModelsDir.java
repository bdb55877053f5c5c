package kos.lora.peft;

import kos.sim.KosException;
import kos.sim.SafeText;
import kos.sim.io.DirHandle;
import kos.sim.io.DirectoryStore;
import kos.sim.io.Names;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The directory adapters are saved under: {@code -Dkos.models=DIR} if set, else
 * {@code ~/.kos/models}. An adapter's name is one path component of letters, digits, '.', '_'
 * and '-' (not starting with '.'), so names such as {@code ../x} or {@code /etc} cannot escape
 * it. Adapters are written, replaced and deleted atomically through a {@link DirectoryStore}
 * (old or new, never neither, even after kill -9; leftovers are recovered on first use), and read
 * through directory handles that never follow a symbolic link.
 */
public final class ModelsDir {
    /** The system property that overrides the default location. */
    public static final String PROPERTY = "kos.models";

    private final Path root;
    private final DirectoryStore store;

    public ModelsDir(Path root) {
        this(root, false);
    }

    private ModelsDir(Path root, boolean isDefault) {
        this.root = root.toAbsolutePath().normalize();
        this.store = new DirectoryStore(this.root, "adapter", isDefault);
    }

    /** The configured default: {@code -Dkos.models}, else {@code ~/.kos/models}. */
    public static ModelsDir standard() {
        String p = System.getProperty(PROPERTY);
        return p != null && !p.isBlank() ? new ModelsDir(Path.of(p))
                : new ModelsDir(Path.of(System.getProperty("user.home"), ".kos", "models"), true);
    }

    /** {@code dir} if given, else {@link #standard()}. */
    public static ModelsDir of(Path dir) {
        return dir == null ? standard() : new ModelsDir(dir);
    }

    public Path root() {
        return root;
    }

    /** The store behind this directory (for other kinds of entries sharing the primitive). */
    public DirectoryStore store() {
        return store;
    }

    /** Checks an adapter name, throwing a KosException that says why it is refused. */
    public static String checkName(String name) {
        return Names.checkEntry(name, "adapter name");
    }

    /** The directory of adapter {@code name} (which need not exist yet), for messages and reports. */
    public Path resolve(String name) {
        checkName(name);
        if (store.kind(name) == DirHandle.Kind.LINK) {
            throw new KosException("adapter '" + name + "' is refused: " + root.resolve(name) + " is a symbolic link");
        }
        return root.resolve(name);
    }

    /** Whether an entry called {@code name} exists (of any kind, a broken adapter included). */
    public boolean exists(String name) {
        return store.kind(name) != DirHandle.Kind.ABSENT;
    }

    /** The directory of an existing adapter; a KosException if there is none by that name. */
    public Path existing(String name) {
        Path p = resolve(name);
        if (store.kind(name) != DirHandle.Kind.DIRECTORY) {
            throw new KosException("no adapter named '" + name + "' in " + root + " ('loractl list' shows them)");
        }
        return p;
    }

    /** Opens adapter {@code name}'s directory by handle (never through a link). */
    public DirHandle open(String name) {
        checkName(name);
        if (store.kind(name) == DirHandle.Kind.ABSENT) {
            throw new KosException("no adapter named '" + name + "' in " + root + " ('loractl list' shows them)");
        }
        return store.open(name);
    }

    /** Loads adapter {@code name} by handle. */
    public PeftAdapter load(String name) {
        try (DirHandle d = open(name)) {
            return PeftAdapter.load(d);
        }
    }

    /** Names of the entries (adapters, broken ones too), sorted. */
    public List<String> list() {
        return store.names();
    }

    /**
     * One entry as {@code loractl list} shows it.
     *
     * @param adapter the loaded adapter, or null when it is broken
     * @param problem why it is broken, or null
     */
    public record Status(String name, PeftAdapter adapter, String problem, long sizeOnDisk) {
    }

    /** Loads entry {@code name} and says whether it is usable: a missing base file it says it carries is a problem too. */
    public Status status(String name) {
        if (store.kind(name) == DirHandle.Kind.LINK) {
            return new Status(name, null, "a symbolic link (refused)", 0);
        }
        try (DirHandle d = open(name)) {
            long size = sizeOnDisk(d);
            try {
                PeftAdapter a = PeftAdapter.load(d);
                if (a.carriesBase() && d.kind(PeftAdapter.BASE_FILE) != DirHandle.Kind.FILE) {
                    return new Status(name, null, "its " + PeftAdapter.BASE_FILE + " is missing", size);
                }
                return new Status(name, a, null, size);
            } catch (KosException e) {
                return new Status(name, null, e.getMessage(), size);
            }
        } catch (KosException e) {
            return new Status(name, null, e.getMessage(), 0);
        }
    }

    /**
     * Saves {@code adapter} as {@code name}, with {@code extraFiles} (e.g. its base weights) beside
     * it, atomically; an existing adapter is replaced only if {@code replace}.
     */
    public Path save(String name, PeftAdapter adapter, Map<String, byte[]> extraFiles, boolean replace) {
        checkName(name);
        var files = new java.util.LinkedHashMap<>(adapter.files());
        files.putAll(extraFiles);
        return store.write(name, files, replace);
    }

    /** Deletes adapter {@code name} atomically (a broken one too); a KosException if there is none. */
    public void delete(String name) {
        checkName(name);
        try {
            store.delete(name);
        } catch (KosException e) {
            if (e.getMessage().startsWith("no adapter")) {
                throw new KosException("no adapter named '" + name + "' in " + root + " ('loractl list' shows them)");
            }
            throw e;
        }
    }

    /** Total size in bytes of the regular files directly in {@code dir}. */
    public static long sizeOnDisk(DirHandle dir) {
        long total = 0;
        for (String n : dir.names()) {
            total += dir.size(n);
        }
        return total;
    }

    /** Total size in bytes of the regular files directly in {@code dir} (links not followed). */
    public static long sizeOnDisk(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            long total = 0;
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(p);
                }
            }
            return total;
        } catch (java.io.IOException e) {
            throw new KosException("cannot measure " + SafeText.quote(dir.toString()) + ": "
                    + SafeText.quote(String.valueOf(e.getMessage())), e);
        }
    }
}
