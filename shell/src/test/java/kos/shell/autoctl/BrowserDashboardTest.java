package kos.shell.autoctl;

import kos.shell.ShellHarness;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live dashboard in a real browser: headless Chromium (Debian's {@code chromium}; .ci/run
 * installs it) loads the page while the simulation runs, receives the pushed samples and draws the
 * charts; a screenshot is checked to be more than a blank page. Skipped, saying so, only where no
 * Chromium can be found.
 */
class BrowserDashboardTest {
    static Path chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static List<String> headless(Path browser, Path profile, String... more) {
        List<String> cmd = new java.util.ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--window-size=1300,900"));
        cmd.addAll(List.of(more));
        return cmd;
    }

    @Test
    void chartsUpdateLiveInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path browser = chromium();
        Assumptions.assumeTrue(browser != null,
                "SKIPPED: no Chromium on PATH (install Debian's 'chromium'; .ci/run does) - the browser test did not run");
        ShellHarness sh = new ShellHarness();
        sh.exec("mem init 256MiB");
        sh.exec("workload start leak --rate 6MiB/s");
        sh.exec("sim run 1s");
        assertEquals(0, sh.exec("autoctl serve --port 0"), sh.err());
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(sh.out());
        assertTrue(m.find());
        String url = "http://127.0.0.1:" + m.group(1) + "/";
        try {
            Path dom = dir.resolve("dom.html");
            Process p = new ProcessBuilder(headless(browser, dir.resolve("profile"), "--virtual-time-budget=8000", "--dump-dom", url + "?stopAfter=3"))
                    .redirectOutput(dom.toFile()).redirectError(dir.resolve("chromium.log").toFile()).start();
            // Keep simulating while the page is open, so it receives several pushes.
            for (int i = 0; i < 12 && p.isAlive(); i++) {
                Thread.sleep(400);
                sh.exec("sim run 1s");
            }
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            p.destroyForcibly();
            assertTrue(done, "chromium did not finish");
            String html = Files.readString(dom, StandardCharsets.UTF_8);
            Matcher updates = Pattern.compile("data-updates=\"(\\d+)\"").matcher(html);
            assertTrue(updates.find(), "no dashboard in the DOM: " + html.substring(0, Math.min(400, html.length())));
            assertTrue(Integer.parseInt(updates.group(1)) >= 3, "the page received " + updates.group(1) + " pushes");
            assertTrue(html.contains("class=\"series\""), "charts drawn");
            assertTrue(html.contains("samples; virtual time"), "status line updated");

            Path png = dir.resolve("shot.png");
            Process shot = new ProcessBuilder(headless(browser, dir.resolve("profile2"), "--virtual-time-budget=3000",
                    "--screenshot=" + png, url + "?stopAfter=1")).redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile()).start();
            boolean shotDone = shot.waitFor(90, TimeUnit.SECONDS);
            shot.destroyForcibly();
            assertTrue(shotDone, "chromium screenshot did not finish");
            BufferedImage img = ImageIO.read(png.toFile());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 20, "the screenshot is blank (" + colours.size() + " colours)");
        } finally {
            sh.exec("autoctl serve --stop");
        }
    }
}
