package kos.sim.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test classpath in a fresh JVM (for kill -9 and small-heap tests). */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static Process start(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
        return start(main, jvmArgs, null, args);
    }

    /** As above, with the child's stdout and stderr going to {@code log} (discarded when null). */
    public static Process start(Class<?> main, List<String> jvmArgs, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.to(log.toFile())).start();
    }
}
