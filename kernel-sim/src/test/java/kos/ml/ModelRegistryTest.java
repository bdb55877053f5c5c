package kos.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kos.ml.data.Dataset;
import kos.ml.registry.ModelRegistry;
import kos.ml.registry.ModelVersion;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path dir;

    private static ModelVersion meta(String model, int parent) {
        return new ModelVersion(model, 0, parent, null, "test", "abc", Map.of("seed", "1"), Map.of("acc", 0.5), null);
    }

    @Test
    void everySaveIsANewVersionAndPromotionPicksOne() {
        ModelRegistry r = new ModelRegistry(dir);
        ModelVersion v1 = r.save(meta("m", 0), Map.of("w.json", "one".getBytes(StandardCharsets.UTF_8)));
        ModelVersion v2 = r.save(meta("m", 1), Map.of("w.json", "two".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(1, v2.parent());
        assertEquals(List.of("m"), r.models());
        assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), r.read("m", 1, "w.json"));
        assertTrue(r.promoted("m").isEmpty());
        assertTrue(r.promotedFile("m", "w.json").isEmpty());
        assertTrue(r.promotedFile("other", "w.json").isEmpty());
        r.promote("m", 1);
        assertArrayEquals(
                "one".getBytes(StandardCharsets.UTF_8),
                r.promotedFile("m", "w.json").orElseThrow());
        assertEquals(1, r.promoted("m").orElseThrow().version());
        KosException e = assertThrows(KosException.class, () -> r.promote("m", 7));
        assertTrue(e.getMessage().contains("no version 7"), e.getMessage());
        assertEquals(1, r.promoted("m").orElseThrow().version());
        assertThrows(KosException.class, () -> r.version("nope", 1));
    }

    @Test
    void refusesEscapingNamesCorruptionAndLinks() throws Exception {
        ModelRegistry r = new ModelRegistry(dir);
        assertThrows(KosException.class, () -> r.save(meta("../x", 0), Map.of("w", new byte[1])));
        assertThrows(KosException.class, () -> r.save(meta("m", 0), Map.of("../w", new byte[1])));
        r.save(meta("m", 0), Map.of("w.bin", new byte[] {1, 2, 3}));
        Path f = r.root().resolve("m/v1/w.bin");
        Files.write(f, new byte[] {1, 2, 4});
        KosException e = assertThrows(KosException.class, () -> r.read("m", 1, "w.bin"));
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        Files.createSymbolicLink(r.root().resolve("evil"), dir);
        assertThrows(KosException.class, () -> r.versions("evil"));
        assertFalse(r.models().contains("evil"));
        Files.writeString(r.root().resolve("m/v1/version.json"), "{");
        assertThrows(KosException.class, () -> r.version("m", 1));
        try (var s = Files.list(r.root().resolve("m"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp")));
        }
    }

    @Test
    void datasetRoundTripsAndRejectsCorruption() throws Exception {
        Dataset d = new Dataset("m", List.of("a", "b"), List.of("y"));
        for (int i = 0; i < 10; i++) {
            d.add(i < 5 ? "g1" : "g2", new double[] {i, i * 0.5}, new double[] {i % 2});
        }
        Path f = dir.resolve("d.csv");
        String hash = d.write(f);
        Dataset back = Dataset.read(f);
        assertEquals(hash, back.hash());
        assertEquals(10, back.size());
        assertEquals(4.5, back.x(9, 1));
        boolean[] val = back.validationMask(0.2);
        assertTrue(val[4] && val[9] && !val[3] && !val[0]);
        Files.writeString(f, Files.readString(f).replace("4.5", "4.6"));
        assertThrows(KosException.class, () -> Dataset.read(f));

        // a value that rounds to a whole number in the file (0.9999996 is written 1.00000) is read back
        // as 1, which is written "1": the hash of a read dataset is still the file's, as ml collect printed it
        Dataset r = new Dataset("m", List.of("a", "b"), List.of("y"));
        r.add("g", new double[] {0.9999996, 2}, new double[] {1});
        r.add("g", new double[] {3, 4}, new double[] {0});
        String collected = r.write(f);
        assertEquals(collected, Dataset.read(f).hash());
        Files.writeString(f, "");
        assertThrows(KosException.class, () -> Dataset.read(f));
    }
}
