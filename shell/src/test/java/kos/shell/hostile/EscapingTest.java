package kos.shell.hostile;

import kos.nn.Safetensors;
import kos.nn.Tensor;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Untrusted text reaches the terminal escaped and capped: tensor names and metadata with ESC
 * sequences and newlines, a 5 MB argument, a file of 50,000 tensors named in an error.
 */
class EscapingTest {
    private static final String CONFIG = """
            {"peft_type": "LORA", "r": 1, "lora_alpha": 1, "target_modules": ["fc"], "task_type": null}
            """;

    @Test
    void metadataAndNamesFromFilesCannotDriveTheTerminalOrForgeLines(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("evil"));
        Files.writeString(dir.resolve("adapter_config.json"), CONFIG);
        Map<String, String> meta = new TreeMap<>();
        meta.put("kos.note\u001b]0;pwned\u0007", "x\u001b[2J\nkos.seed = 999");
        meta.put("kos.seed", "1");
        Safetensors.write(dir.resolve("adapter_model.safetensors"), Map.of(
                "base_model.model.fc.lora_A.weight", Tensor.f32(new float[]{1, 2}, 1, 2),
                "base_model.model.fc.lora_B.weight", Tensor.f32(new float[]{1}, 1, 1)), meta);
        ShellHarness h = new ShellHarness();
        assertEquals(0, h.exec("loractl info " + dir), h.err());
        Hostile.check("info", 0, h.out(), h.err());
        assertFalse(h.out().contains("\u001b"), h.out());
        assertEquals(1, h.out().lines().filter(l -> l.trim().startsWith("kos.seed =")).count(), "no forged line: "
                + h.out());

        Map<String, Tensor> evil = new TreeMap<>();
        evil.put("base_model.model.fc\u001b[2J.lora_A.weight", Tensor.f32(new float[]{1}, 1, 1));
        Safetensors.write(dir.resolve("adapter_model.safetensors"), evil, Map.of());
        h.clear();
        assertEquals(1, h.exec("loractl info " + dir));
        Hostile.check("info with an evil tensor", 1, h.out(), h.err());
    }

    @Test
    void hugeArgumentsAndHugeNameListsAreCapped(@TempDir Path tmp) throws Exception {
        ShellHarness h = new ShellHarness();
        int code = h.runner.execute(List.of("sim", "run", "9".repeat(5_000_000) + "s"), null);
        Hostile.check("5 MB argument", code, h.out(), h.err());
        assertTrue(h.err().length() < 2_000, "error of " + h.err().length() + " characters");

        Map<String, Tensor> many = new TreeMap<>();
        for (int i = 0; i < 50_000; i++) {
            many.put("tensor.number." + i, Tensor.f32(new float[0], 0));
        }
        Path base = tmp.resolve("many.safetensors");
        Safetensors.write(base, many, Map.of());
        Path dir = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(dir.resolve("adapter_config.json"), CONFIG);
        Safetensors.write(dir.resolve("adapter_model.safetensors"), Map.of(
                "base_model.model.fc.lora_A.weight", Tensor.f32(new float[]{1, 2}, 1, 2),
                "base_model.model.fc.lora_B.weight", Tensor.f32(new float[]{1}, 1, 1)), Map.of());
        Path x = tmp.resolve("x.json");
        Files.writeString(x, "[1, 2]");
        h.clear();
        assertEquals(1, h.exec("loractl forward --base " + base + " --adapter " + dir + " --input " + x));
        Hostile.check("50,000 tensors", 1, h.out(), h.err());
        assertTrue(h.err().contains("(50000 in all)"), h.err());
    }
}
