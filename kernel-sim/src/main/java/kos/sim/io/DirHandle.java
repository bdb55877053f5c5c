package kos.sim.io;

import kos.sim.KosException;
import kos.sim.SafeText;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An open directory, used by handle: every file and subdirectory is opened relative to it
 * ({@code openat}) with {@code O_NOFOLLOW}, so a name that is, or is swapped for, a symbolic link
 * is refused by the kernel at the moment of opening rather than by an earlier check that a race
 * could outdate. Entries are named by one path component (see {@link Names#check}).
 *
 * <p>Needs a platform whose directory streams are {@link SecureDirectoryStream}s (Linux, macOS);
 * elsewhere {@link #open} refuses with a clear message.
 */
public final class DirHandle implements Closeable {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private final SecureDirectoryStream<Path> dir;
    private final Path path;

    private DirHandle(SecureDirectoryStream<Path> dir, Path path) {
        this.dir = dir;
        this.path = path;
    }

    /** Opens {@code dir} (a path the user gave, so links on the way to it are followed). */
    public static DirHandle open(Path dir) {
        Path abs = dir.toAbsolutePath();
        DirectoryStream<Path> s;
        try {
            s = Files.newDirectoryStream(abs);
        } catch (NoSuchFileException e) {
            throw new KosException(abs + ": no such directory");
        } catch (NotDirectoryException e) {
            throw new KosException(abs + ": not a directory");
        } catch (IOException e) {
            throw new KosException("cannot open " + abs + ": " + reason(e), e);
        }
        if (!(s instanceof SecureDirectoryStream<Path> sds)) {
            closeQuietly(s);
            throw new KosException("cannot open " + abs
                    + " safely: this platform has no openat-style directory handles");
        }
        return new DirHandle(sds, abs);
    }

    /** The path this handle was opened by (for messages; the handle does not depend on it). */
    public Path path() {
        return path;
    }

    /** The subdirectory {@code name}, opened without following a link. */
    public DirHandle child(String name) {
        Names.check(name, "directory name");
        Kind k = kind(name);
        if (k == Kind.ABSENT) {
            throw new KosException(path.resolve(name) + ": no such directory");
        }
        if (k == Kind.LINK) {
            throw new KosException(path.resolve(name) + " is a symbolic link; refused (links are never followed here)");
        }
        if (k != Kind.DIRECTORY) {
            throw new KosException(path.resolve(name) + ": not a directory");
        }
        try {
            return new DirHandle(dir.newDirectoryStream(Path.of(name), NOFOLLOW), path.resolve(name));
        } catch (IOException e) {
            throw new KosException("cannot open " + path.resolve(name) + ": " + reason(e), e);
        }
    }

    /** What kind of entry {@code name} is (not following a link). */
    public Kind kind(String name) {
        try {
            BasicFileAttributes a = dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
                    NOFOLLOW).readAttributes();
            return a.isSymbolicLink() ? Kind.LINK : a.isDirectory() ? Kind.DIRECTORY : a.isRegularFile() ? Kind.FILE
                    : Kind.OTHER;
        } catch (NoSuchFileException e) {
            return Kind.ABSENT;
        } catch (IOException e) {
            throw new KosException("cannot examine " + path.resolve(name) + ": " + reason(e), e);
        }
    }

    /** The size of regular file {@code name} in bytes (0 if it is not one). */
    public long size(String name) {
        try {
            BasicFileAttributes a = dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
                    NOFOLLOW).readAttributes();
            return a.isRegularFile() ? a.size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Opens regular file {@code name} for reading without following a link. A link, a directory,
     * a device or a FIFO is refused.
     */
    public SeekableByteChannel openFile(String name) {
        Names.check(name, "file name");
        Path shown = path.resolve(name);
        Kind k = kind(name); // keeps a FIFO from blocking the open; the link check below is the open itself
        switch (k) {
            case ABSENT -> throw new KosException(shown + ": no such file");
            case LINK -> throw new KosException(shown + " is a symbolic link; refused (links are never followed here)");
            case FILE -> {
            }
            default -> throw new KosException(shown + ": not a regular file");
        }
        try {
            return dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (FileSystemException e) {
            if (isLoop(e)) {
                throw new KosException(shown + " is a symbolic link; refused (links are never followed here)");
            }
            throw new KosException("cannot read " + shown + ": " + reason(e), e);
        } catch (IOException e) {
            throw new KosException("cannot read " + shown + ": " + reason(e), e);
        }
    }

    /** All of regular file {@code name}, refusing one larger than {@code maxBytes}. */
    public byte[] readFile(String name, long maxBytes) {
        try (SeekableByteChannel ch = openFile(name)) {
            return BoundedRead.all(ch, maxBytes, path.resolve(name).toString());
        } catch (IOException e) {
            throw new KosException("cannot read " + path.resolve(name) + ": " + reason(e), e);
        }
    }

    /** Creates file {@code name} (which must not exist), writes {@code bytes} and forces them to disk. */
    public void writeNewFile(String name, byte[] bytes) {
        Names.check(name, "file name");
        Set<OpenOption> opts = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS);
        try (SeekableByteChannel ch = dir.newByteChannel(Path.of(name), opts)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (ch instanceof FileChannel fc) {
                fc.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            throw new KosException(path.resolve(name) + " exists already");
        } catch (IOException e) {
            throw new KosException("cannot write " + path.resolve(name) + ": " + reason(e), e);
        }
    }

    /** Opens (creating if needed) file {@code name} for writing, not following a link; for lock files. */
    FileChannel openForLock(String name) throws IOException {
        SeekableByteChannel ch = dir.newByteChannel(Path.of(name),
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS));
        if (ch instanceof FileChannel fc) {
            return fc;
        }
        ch.close();
        throw new IOException("no file lock on this platform");
    }

    /** Renames entry {@code from} to {@code to} in this directory ({@code renameat}: links are moved, not followed). */
    public void rename(String from, String to) {
        try {
            dir.move(Path.of(from), dir, Path.of(to));
        } catch (IOException e) {
            throw new KosException("cannot rename " + path.resolve(from) + " to " + to + ": " + reason(e), e);
        }
    }

    /** Forces this directory's entries (renames, creations) to disk, where the platform allows it. */
    public void sync() {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems cannot fsync a directory; the renames are still atomic
        }
    }

    /** The names in this directory, unsorted. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try {
            for (Path p : dir) {
                out.add(p.getFileName().toString());
            }
        } catch (RuntimeException e) {
            throw new KosException("cannot list " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Removes entry {@code name}: a file or link is unlinked (a link's target is untouched), a
     * directory is emptied through handles opened without following links, then removed. Absent
     * is fine.
     */
    public void deleteTree(String name) {
        Kind k = kind(name);
        try {
            switch (k) {
                case ABSENT -> {
                }
                case DIRECTORY -> {
                    try (DirHandle sub = new DirHandle(dir.newDirectoryStream(Path.of(name), NOFOLLOW),
                            path.resolve(name))) {
                        for (String n : sub.names()) {
                            sub.deleteTree(n);
                        }
                    }
                    dir.deleteDirectory(Path.of(name));
                }
                default -> dir.deleteFile(Path.of(name));
            }
        } catch (NoSuchFileException ignored) {
            // gone already
        } catch (IOException e) {
            throw new KosException("cannot delete " + path.resolve(name) + ": " + reason(e), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(dir);
    }

    /** What a directory entry is, not following links. */
    public enum Kind { ABSENT, FILE, DIRECTORY, LINK, OTHER }

    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return SafeText.quote(String.valueOf(e.getMessage()));
    }

    private static boolean isLoop(FileSystemException e) {
        String r = e.getReason();
        return r != null && (r.contains("symbolic link") || r.contains("ELOOP"));
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a read handle cannot lose data
        }
    }
}
