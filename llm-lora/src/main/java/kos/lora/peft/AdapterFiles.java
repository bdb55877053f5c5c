package kos.lora.peft;

import java.nio.file.Files;
import java.nio.file.Path;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.sim.KosException;
import kos.sim.SafeText;
import kos.sim.io.DirHandle;

/** Opening an adapter given by name (in the models directory) or by directory path, never through a link. */
public final class AdapterFiles {
    private AdapterFiles() {}

    /**
     * An adapter opened by handle: its directory (given as a path, or else as a name in the models
     * directory, never through a link), the adapter, and its files read without following links.
     */
    public record Opened(Path dir, DirHandle handle, PeftAdapter adapter) implements AutoCloseable {
        /** The adapter's own base weights, or a clear error if it carries none. */
        public SafetensorsFile ownBase(String given) {
            if (handle.kind(PeftAdapter.BASE_FILE) == DirHandle.Kind.ABSENT) {
                throw new KosException("adapter " + SafeText.quote(given) + " carries no " + PeftAdapter.BASE_FILE
                        + "; give the base weights with --base FILE");
            }
            return Safetensors.read(handle, PeftAdapter.BASE_FILE);
        }

        @Override
        public void close() {
            handle.close();
        }
    }

    /**
     * Opens {@code given}: a directory when it looks like a path (holds a separator, or is {@code .}
     * or {@code ..}) or names no adapter in {@code models} but an existing directory; otherwise the
     * adapter of that name in {@code models}. The caller closes the result.
     */
    public static Opened open(String given, ModelsDir models) {
        if (given.indexOf('\0') >= 0) {
            ModelsDir.checkName(given); // one clear error for a NUL, which no path may hold
        }
        Path p = Path.of(given);
        DirHandle h;
        boolean path = given.contains("/") || given.contains("\\") || given.equals(".") || given.equals("..");
        if (path || !models.exists(given) && Files.isDirectory(p)) {
            if (!Files.isDirectory(p)) {
                throw new KosException(SafeText.quote(given) + ": no such adapter directory");
            }
            h = DirHandle.open(p);
        } else {
            h = models.open(given);
            p = models.root().resolve(given);
        }
        try {
            return new Opened(p, h, PeftAdapter.load(h));
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }
}
