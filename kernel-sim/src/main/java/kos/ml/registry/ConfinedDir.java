package kos.ml.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kos.sim.KosException;

/**
 * The file-system primitive of the model registry: names confined to one root directory, whole
 * directories published atomically, files read with a size bound and never through a link.
 *
 * <p>A name is one path component of 1..128 letters, digits, '.', '_' and '-', not starting with
 * '.', so {@code ../x} or {@code /etc} cannot escape the root. A directory is written into a
 * hidden temporary sibling, every file forced to disk, then renamed into place in one step: a
 * reader sees the whole directory or none of it, and an existing directory is never replaced.
 * (llm-lora's ModelsDir applies the same rules to adapters; this class is the kernel-sim copy the
 * modules can share.)
 */
public final class ConfinedDir {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final Path root;

    public ConfinedDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Checks a name, throwing a KosException that says why it is refused ({@code what}: "model", "file"). */
    public static String checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new KosException("a " + what + " name is required");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..")) {
            throw new KosException(what + " name '" + name + "' is refused: it would escape the models directory");
        }
        if (!NAME.matcher(name).matches()) {
            throw new KosException(what + " name '" + name
                    + "' is refused: use 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'");
        }
        return name;
    }

    /** {@code root/name}, checked: a plain name, not a symbolic link, really inside the root. */
    public Path resolve(String what, String name) {
        checkName(what, name);
        Path p = root.resolve(name);
        if (Files.isSymbolicLink(p)) {
            throw new KosException(what + " '" + name + "' is refused: " + p + " is a symbolic link");
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (!p.toRealPath().getParent().equals(root.toRealPath())) {
                    throw new KosException(what + " '" + name + "' is refused: it resolves outside " + root);
                }
            } catch (IOException e) {
                throw new KosException("cannot resolve " + p + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** Creates the confined sub-directory {@code name} (and this directory) if missing; a symbolic link is refused. */
    public Path createSub(String name) {
        Path p = resolve("directory", name);
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new KosException("cannot create " + p + ": " + e.getMessage());
        }
        if (Files.isSymbolicLink(p) || Files.isSymbolicLink(root)) {
            throw new KosException(p + " is a symbolic link: refused");
        }
        return p;
    }

    /** The confined sub-directory {@code name} (which need not exist yet). */
    public ConfinedDir sub(String what, String name) {
        return new ConfinedDir(resolve(what, name));
    }

    /**
     * Publishes {@code files} (name to bytes) as the new directory {@code name}: all or nothing.
     *
     * @return false if {@code name} already exists (nothing was changed), true once published
     */
    public boolean publishDirectory(String name, Map<String, byte[]> files) {
        Path target = resolve("version", name);
        Path tmp = null;
        try {
            Files.createDirectories(root);
            if (Files.isSymbolicLink(root)) {
                throw new KosException(root + " is a symbolic link: refused");
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            tmp = Files.createTempDirectory(root, ".tmp-" + name + "-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                writeForced(tmp.resolve(checkName("file", f.getKey())), f.getValue());
            }
            forceDirectory(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                return false;
            } catch (AtomicMoveNotSupportedException e) {
                throw new KosException("cannot publish " + target + ": the file system has no atomic rename");
            }
            tmp = null;
            forceDirectory(root);
            return !Files.isSymbolicLink(target);
        } catch (IOException e) {
            throw new KosException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Reads {@code root/name} whole: a regular file (not a link) of at most {@code maxBytes}.
     * A KosException names the file and the reason otherwise.
     */
    public byte[] readBounded(String name, long maxBytes) {
        Path p = resolve("file", name);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new KosException(p + " is missing or not a regular file");
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) {
                throw new KosException(p + " is larger than " + maxBytes + " bytes: refused");
            }
            return b;
        } catch (IOException e) {
            throw new KosException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Names of the entries directly in the root that are real directories with a valid name, sorted. */
    public java.util.List<String> directories() {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new KosException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static void writeForced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        // Not every platform can open a directory for fsync; where it cannot, the rename is still atomic.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // the operation already failed and says so; a stray temporary directory is the lesser problem
        }
    }
}
