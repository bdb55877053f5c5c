import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * A step of the {@code ./kos} launcher (run once per build, with JDK 25's source launcher):
 * copies the class files of a jar that are older than Java 6 (class-file version below 50) and
 * lie under the given package prefixes into a new jar, rewritten as Java 8 class files (version
 * 52, stack maps computed). The launcher puts that jar before kos.jar on the class path.
 *
 * <p>Why: JDK 25's class-data archives (the launcher's static {@code -Xshare:dump} archive, like
 * the ahead-of-time cache) do not store classes older than version 50 once linked ("Old class has
 * been linked"), and Picocli 4.7 is compiled for Java 5, so its ~230
 * classes were read from the jar and verified on every start. The rewrite changes the version
 * and adds the stack maps version 50+ requires; the bytecode is the same. A class the rewrite
 * cannot handle (jsr/ret, or the ClassFile API's verifier finds a fault) stays as it was.
 *
 * <p>Usage: {@code java UpgradeOldClasses.java IN.jar OUT.jar PREFIX...} (e.g. {@code picocli/}).
 * OUT is written to a temporary file and renamed. Prints one line: how many were rewritten.
 */
public final class UpgradeOldClasses {
    private static final int OLD = ClassFile.JAVA_6_VERSION; // 50: below it, not cached
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java UpgradeOldClasses.java IN.jar OUT.jar PREFIX...");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        int rewritten = 0, kept = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
                JarFile jar = new JarFile(in.toFile());
                OutputStream os = Files.newOutputStream(tmp);
                JarOutputStream jos = new JarOutputStream(os)) {
            // Stack maps need the common super class of two types: resolve from the JDK, then the jar.
            ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                    .orElse(ClassHierarchyResolver.ofResourceParsing(loader))
                    .cached();
            ClassFile cf = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(resolver), ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || !underAny(name, args)) {
                    continue;
                }
                byte[] bytes;
                try (InputStream is = jar.getInputStream(entry)) {
                    bytes = is.readAllBytes();
                }
                if (majorVersion(bytes) >= OLD) {
                    continue;
                }
                byte[] upgraded = upgrade(cf, bytes);
                if (upgraded == null) {
                    kept++;
                    continue;
                }
                jos.putNextEntry(new JarEntry(name));
                jos.write(upgraded);
                jos.closeEntry();
                rewritten++;
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("upgraded " + rewritten + " old class files to version " + TARGET
                + (kept > 0 ? " (" + kept + " left as they were)" : ""));
    }

    private static boolean underAny(String name, String[] args) {
        for (int i = 2; i < args.length; i++) {
            if (name.startsWith(args[i])) {
                return true;
            }
        }
        return false;
    }

    private static int majorVersion(byte[] b) {
        return b.length < 8 ? Integer.MAX_VALUE : ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    }

    /** The class as a version-52 class file with stack maps, or null when it cannot be rewritten safely. */
    private static byte[] upgrade(ClassFile cf, byte[] bytes) {
        try {
            ClassModel model = cf.parse(bytes);
            ClassTransform version = (cb, ce) -> {
                if (ce instanceof ClassFileVersion) {
                    cb.withVersion(TARGET, 0);
                } else {
                    cb.with(ce);
                }
            };
            // Rebuilding every method body is what makes the ClassFile API compute its stack maps.
            byte[] out = cf.transformClass(
                    model, version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
            return cf.verify(out).isEmpty() ? out : null;
        } catch (RuntimeException e) {
            return null; // e.g. jsr/ret, which version 50+ does not allow
        }
    }
}
