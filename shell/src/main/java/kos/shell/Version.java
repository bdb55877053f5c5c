package kos.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import kos.simd.Kernels;
import picocli.CommandLine;

/** The version line: kos's version, the JDK, and which float kernels are in use. */
public final class Version implements CommandLine.IVersionProvider {
    public static String kosVersion() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "kos " + kosVersion(),
            "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
            "float kernels: " + Kernels.reason()
        };
    }
}
