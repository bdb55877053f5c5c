package kos.sim.io;

import kos.sim.KosException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A directory of named entries, each itself a directory of files, that are created, replaced and
 * deleted atomically: at every instant each name is either absent, or its old version complete, or
 * its new version complete, including after a {@code kill -9} or power loss at any moment.
 *
 * <p><b>Replace.</b> The new version is written into {@code .kos-tmp.NAME.R} inside the store (each
 * file created new, written and fsynced, then the directory fsynced), renamed to
 * {@code .kos-new.NAME.R} (now known complete); the old version, if any, is renamed to
 * {@code .kos-old.NAME.R}, the new one to {@code NAME}, and the old one is deleted. Every rename is a
 * {@code renameat} in the store's directory handle, so a name swapped for a symbolic link is moved,
 * never followed, and no write happens outside the store.
 *
 * <p><b>Recovery</b> (before every change, and on the first use of a store by a process) finishes
 * or undoes what a killed writer left: {@code .kos-tmp} entries are incomplete and deleted; a
 * {@code .kos-new} entry is complete and becomes {@code NAME} if that is absent, else it is deleted;
 * then a {@code .kos-old} entry becomes {@code NAME} again if that is still absent, else it is
 * deleted; {@code .kos-del} entries are deleted. Writers and recovery hold an exclusive lock on
 * {@code .kos-lock} (released by the kernel if the process dies), so recovery never touches a live
 * writer's work.
 */
public final class DirectoryStore {
    /** The lock file, and the prefixes of kos's working entries. */
    public static final String LOCK = ".kos-lock";
    static final String TMP = ".kos-tmp.", NEW = ".kos-new.", OLD = ".kos-old.", DEL = ".kos-del.";
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final Set<Path> RECOVERED = ConcurrentHashMap.newKeySet();
    private static final SplittableRandom SUFFIXES = new SplittableRandom(System.nanoTime());

    private final Path root;
    private final String what;
    private final boolean createParents;

    /**
     * @param root the store's directory (created, without its parents, on the first write)
     * @param what what an entry is, for messages (e.g. "adapter")
     * @param createParents whether the first write may create the root's missing parents too
     *                      (for a default location such as ~/.kos/models; never for one the user named)
     */
    public DirectoryStore(Path root, String what, boolean createParents) {
        this.root = root.toAbsolutePath().normalize();
        this.what = what;
        this.createParents = createParents;
    }

    public Path root() {
        return root;
    }

    /**
     * Writes {@code files} as entry {@code name}, replacing an existing one only if {@code replace}.
     *
     * @return the entry's path
     */
    public Path write(String name, Map<String, byte[]> files, boolean replace) {
        Names.checkEntry(name, what + " name");
        ensureRoot();
        return locked(d -> {
            DirHandle.Kind before = d.kind(name);
            if (before != DirHandle.Kind.ABSENT && !replace) {
                throw new KosException(what + " '" + name + "' exists in " + root + "; use --force to replace it");
            }
            String r = suffix();
            String tmp = TMP + name + r, fresh = NEW + name + r, old = OLD + name + r;
            try {
                Files.createDirectory(root.resolve(tmp));
            } catch (IOException e) {
                throw new KosException("cannot create " + root.resolve(tmp) + ": " + DirHandle.reason(e), e);
            }
            try (DirHandle t = d.child(tmp)) {
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    t.writeNewFile(f.getKey(), f.getValue());
                }
                t.sync();
            } catch (RuntimeException e) {
                d.deleteTree(tmp);
                throw e;
            }
            d.rename(tmp, fresh);
            d.sync();
            if (before != DirHandle.Kind.ABSENT) {
                d.rename(name, old);
            }
            d.rename(fresh, name);
            d.sync();
            if (before != DirHandle.Kind.ABSENT) {
                d.deleteTree(old);
            }
            return root.resolve(name);
        });
    }

    /** Deletes entry {@code name} (any kind: a broken entry too); a KosException if there is none. */
    public void delete(String name) {
        Names.checkEntry(name, what + " name");
        if (!Files.isDirectory(root)) {
            throw new KosException("no " + what + " named '" + name + "' in " + root);
        }
        locked(d -> {
            if (d.kind(name) == DirHandle.Kind.ABSENT) {
                throw new KosException("no " + what + " named '" + name + "' in " + root);
            }
            String del = DEL + name + suffix();
            d.rename(name, del);
            d.sync();
            d.deleteTree(del);
            return null;
        });
    }

    /** The visible entry names (working entries and the lock excluded), sorted; recovers first. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        recoverOnce();
        try (DirHandle d = DirHandle.open(root)) {
            List<String> out = new ArrayList<>();
            for (String n : d.names()) {
                if (!n.startsWith(".")) {
                    out.add(n);
                }
            }
            out.sort(null);
            return out;
        }
    }

    /** Opens entry {@code name}'s directory by handle, never through a link. */
    public DirHandle open(String name) {
        Names.checkEntry(name, what + " name");
        if (!Files.isDirectory(root)) {
            throw new KosException("no " + what + " named '" + name + "' in " + root);
        }
        recoverOnce();
        try (DirHandle d = DirHandle.open(root)) {
            if (d.kind(name) == DirHandle.Kind.ABSENT) {
                throw new KosException("no " + what + " named '" + name + "' in " + root);
            }
            return d.child(name);
        }
    }

    /** What entry {@code name} is now (not following links). */
    public DirHandle.Kind kind(String name) {
        Names.checkEntry(name, what + " name");
        if (!Files.isDirectory(root)) {
            return DirHandle.Kind.ABSENT;
        }
        recoverOnce();
        try (DirHandle d = DirHandle.open(root)) {
            return d.kind(name);
        }
    }

    /** Finishes or undoes what killed writers left (see the class comment); returns how many entries it handled. */
    public int recover() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        return this.<Integer>locked(null);
    }

    private void recoverOnce() {
        if (RECOVERED.contains(root)) {
            return;
        }
        try {
            recover();
        } catch (KosException e) {
            // a read-only store cannot be recovered by this process; reading it is still safe
        }
        RECOVERED.add(root);
    }

    private int recover(DirHandle d) {
        List<String> all = d.names();
        all.sort(null);
        int n = 0;
        for (String prefix : List.of(TMP, DEL, NEW, OLD)) {
            for (String e : all) {
                if (!e.startsWith(prefix)) {
                    continue;
                }
                String name = nameOf(e, prefix);
                boolean restore = (prefix.equals(NEW) || prefix.equals(OLD)) && name != null
                        && d.kind(name) == DirHandle.Kind.ABSENT && d.kind(e) == DirHandle.Kind.DIRECTORY;
                if (restore) {
                    d.rename(e, name);
                } else {
                    d.deleteTree(e);
                }
                n++;
            }
        }
        if (n > 0) {
            d.sync();
        }
        RECOVERED.add(root);
        return n;
    }

    /** The entry name in a working entry {@code PREFIX NAME .R}, or null. */
    static String nameOf(String entry, String prefix) {
        int dot = entry.lastIndexOf('.');
        if (dot <= prefix.length()) {
            return null;
        }
        String name = entry.substring(prefix.length(), dot);
        return Names.valid(name) ? name : null;
    }

    @SuppressWarnings("unchecked")
    private <T> T locked(Function<DirHandle, T> body) {
        ReentrantLock jvm = LOCKS.computeIfAbsent(root, k -> new ReentrantLock());
        jvm.lock();
        try (DirHandle d = DirHandle.open(root);
             FileChannel lockFile = d.openForLock(LOCK);
             FileLock ignored = lockFile.lock()) {
            int recovered = recover(d);
            return body == null ? (T) Integer.valueOf(recovered) : body.apply(d);
        } catch (IOException e) {
            throw new KosException("cannot lock " + root.resolve(LOCK) + ": " + DirHandle.reason(e), e);
        } finally {
            jvm.unlock();
        }
    }

    private void ensureRoot() {
        if (Files.isDirectory(root)) {
            return;
        }
        Path parent = root.getParent();
        if (parent != null && !Files.isDirectory(parent) && !createParents) {
            throw new KosException("cannot create " + root + ": " + parent + " does not exist (create it first)");
        }
        try {
            if (createParents && parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(root);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(root)) {
                throw new KosException(root + " exists and is not a directory");
            }
        } catch (NoSuchFileException e) {
            throw new KosException("cannot create " + root + ": its parent does not exist");
        } catch (IOException e) {
            throw new KosException("cannot create " + root + ": " + DirHandle.reason(e), e);
        }
    }

    private static synchronized String suffix() {
        return "." + Long.toHexString(SUFFIXES.nextLong() >>> 1);
    }
}
