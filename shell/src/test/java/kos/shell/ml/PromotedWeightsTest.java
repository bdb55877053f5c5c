package kos.shell.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import kos.attn.DefaultWeights;
import kos.insights.crash.CrashModelStore;
import kos.insights.crash.KosPredictor;
import kos.lora.peft.ModelsDir;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import kos.sim.KosException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash predictor and the attention scheduler load the version promoted in the registry. */
class PromotedWeightsTest {
    @TempDir
    Path dir;

    private String saved;

    @BeforeEach
    void useTempModels() {
        saved = System.getProperty(ModelsDir.PROPERTY);
        System.setProperty(ModelsDir.PROPERTY, dir.toString());
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(ModelsDir.PROPERTY);
        } else {
            System.setProperty(ModelsDir.PROPERTY, saved);
        }
    }

    private static String json(KosPredictor.Models m) throws Exception {
        return new ObjectMapper().writeValueAsString(m);
    }

    @Test
    void crashPredictorUsesThePromotedVersionAndNoneGoesBackToTheShippedOne() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(json(KosPredictor.Models.shipped()), json(CrashModelStore.inUse()));
        Path file = dir.resolve("defaults.json");
        Files.writeString(file, json(KosPredictor.Models.defaults()));
        assertEquals(CommandRunner.OK, h.exec("ml import crash-predictor " + file), h.err());
        assertEquals(json(KosPredictor.Models.shipped()), json(CrashModelStore.inUse()), "saved, not yet promoted");
        assertEquals(CommandRunner.OK, h.exec("ml promote crash-predictor 1"), h.err());
        assertTrue(
                h.out().contains("promoted crash-predictor v1") && !h.out().contains("simulations load"),
                "the directory simulations load from: no note: " + h.out());
        assertEquals(json(KosPredictor.Models.defaults()), json(CrashModelStore.inUse()));
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("ml promote crash-predictor none"), h.err());
        assertTrue(h.out().contains("shipped weights are in use"), h.out());
        assertEquals(json(KosPredictor.Models.shipped()), json(CrashModelStore.inUse()));

        // a corrupted version: one clear line when it is loaded
        assertEquals(CommandRunner.OK, h.exec("ml import crash-predictor " + file), h.err());
        Path v2 = dir.resolve("registry/crash-predictor/v2/" + CrashModelStore.FILE);
        Files.writeString(v2, Files.readString(v2).replace('1', '2'));
        assertEquals(CommandRunner.OK, h.exec("ml promote crash-predictor 2"), h.err());
        KosException e = assertThrows(KosException.class, CrashModelStore::inUse);
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
    }

    @Test
    void attentionDefaultWeightsComeFromThePromotedVersion() {
        ShellHarness h = new ShellHarness();
        assertEquals(
                "the shipped default weights",
                DefaultWeights.inUse().orElseThrow().name());
        assertEquals(CommandRunner.OK, h.exec("ml import attention"), h.err());
        assertEquals(CommandRunner.OK, h.exec("ml promote attention 1"), h.err());
        assertTrue(DefaultWeights.inUse().orElseThrow().name().startsWith("attention v1"));
        assertEquals(CommandRunner.OK, h.exec("ml promote attention none"), h.err());
        assertEquals(
                "the shipped default weights",
                DefaultWeights.inUse().orElseThrow().name());
    }

    @Test
    void crashctlFitSavesARegistryVersionOrWritesTheFileGiven() throws Exception {
        ShellHarness h = new ShellHarness();
        String fit = "crashctl fit --scenarios ../examples/scenarios/leak/fast-leak.kos --seeds 1";
        assertEquals(CommandRunner.OK, h.exec(fit), h.err());
        assertTrue(h.out().contains("saved crash-predictor v1 (parent none)"), h.out());
        Path out = dir.resolve("fit.json");
        h.clear();
        assertEquals(CommandRunner.OK, h.exec(fit + " --out " + out), h.err());
        assertTrue(h.out().contains("model written to " + out), h.out());
        assertEquals(
                Files.readString(out),
                new String(
                        Files.readAllBytes(dir.resolve("registry/crash-predictor/v1/" + CrashModelStore.FILE)),
                        java.nio.charset.StandardCharsets.UTF_8),
                "the same fit either way");
    }
}
