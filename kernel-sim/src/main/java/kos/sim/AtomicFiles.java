package kos.sim;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader sees either the old content or the new, never a torn file: the
 * bytes go to a temporary file in the same directory, which is forced to disk and then renamed
 * over the target. The target's directory must exist: a writer never creates directories (a
 * mistyped path is one clear error, not a new directory tree). A process killed mid-write can leave
 * a {@code .NAME.kos-*.tmp} file beside the target, never a torn target; the next write of the
 * same target deletes such files once they are ten minutes old. Directories of several files
 * are replaced atomically by {@link kos.sim.io.DirectoryStore}.
 */
public final class AtomicFiles {
    /** Marks kos's temporary files, so that only they are ever swept. */
    static final String TMP_MARK = ".kos-";
    /** A temporary file older than this was left by a killed writer (a write takes far less). */
    static final long STALE_MS = 10 * 60 * 1000L;

    private AtomicFiles() {
    }

    /** Deletes temporary files of this target that a killed writer left behind. */
    private static void sweepStale(Path dir, String prefix) {
        long cutoff = System.currentTimeMillis() - STALE_MS;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
            for (Path p : s) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // sweeping is housekeeping; the write itself decides success
        }
    }

    /** Writes {@code bytes} to {@code target} atomically; its directory must exist. */
    public static void write(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        if (target.getFileName() == null || dir == null) {
            throw new KosException("cannot write " + SafeText.quote(target.toString()) + ": not a file path");
        }
        if (!Files.isDirectory(dir)) {
            throw new KosException("cannot write " + SafeText.quote(target.toString()) + ": directory "
                    + SafeText.quote(dir.toString()) + " does not exist");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new KosException("cannot write " + SafeText.quote(target.toString()) + ": it is a directory");
        }
        Path tmp = null;
        try {
            sweepStale(dir, "." + target.getFileName() + TMP_MARK);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + TMP_MARK, ".tmp");
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : String.valueOf(e.getMessage());
            throw new KosException("cannot write " + SafeText.quote(target.toString()) + ": " + SafeText.quote(why), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed and says so; a stray temp file is the lesser problem
                }
            }
        }
    }
}
