package kos.shell.loractl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import kos.lora.peft.BaseWeights;
import kos.lora.peft.PeftAdapter;
import kos.nn.Linear;
import kos.nn.NamedLayers;
import kos.nn.Safetensors;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoractlCommandTest {
    private final ObjectMapper json = new ObjectMapper();

    /** y = M x with M = [[1, -1, 0.5, 0], [0.25, 0, -2, 1]] over random x in [-1, 1)^4. */
    static String dataset(int n) {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            float[] x = new float[4];
            Linear.uniform(x, 1, r);
            float y0 = x[0] - x[1] + 0.5f * x[2], y1 = 0.25f * x[0] - 2 * x[2] + x[3];
            sb.append(String.format(
                    Locale.ROOT,
                    "{\"input\": [%s, %s, %s, %s], \"target\": [%s, %s]}%n",
                    x[0],
                    x[1],
                    x[2],
                    x[3],
                    y0,
                    y1));
        }
        return sb.toString();
    }

    private JsonNode jsonOut(ShellHarness h) throws Exception {
        return json.readTree(h.out());
    }

    @Test
    void trainListInfoForwardMergeDelete(@TempDir Path tmp) throws Exception {
        Path models = tmp.resolve("models"), data = tmp.resolve("d.jsonl"), x = tmp.resolve("x.json");
        Files.writeString(data, dataset(120));
        Files.writeString(x, "[0.5, -0.25, 1, 2]");
        ShellHarness h = new ShellHarness();
        String m = " --models " + models;

        assertEquals(
                0,
                h.exec("loractl train --data " + data
                        + " --name a1 --optimizer adam --epochs 40 --rank 2 --alpha 4 --seed 7 --json" + m),
                h.err());
        assertTrue(h.err().contains("epoch 1/40  train loss "), h.err());
        JsonNode rep = jsonOut(h);
        assertEquals("completed", rep.get("state").asText());
        assertEquals(2 * (4 + 2), rep.get("parameters").asInt());
        assertTrue(
                rep.get("after").get("loss").asDouble()
                        < 0.5 * rep.get("before").get("loss").asDouble(),
                rep.toString());
        assertTrue(Files.exists(models.resolve("a1/adapter_model.safetensors")));
        assertTrue(Files.exists(models.resolve("a1/base_model.safetensors")));

        h.clear();
        assertEquals(1, h.exec("loractl train --data " + data + " --name a1" + m));
        assertTrue(h.err().contains("exists") && h.err().contains("--force"), h.err());

        h.clear();
        assertEquals(0, h.exec("loractl list --json" + m), h.err());
        JsonNode list = jsonOut(h);
        assertEquals(1, list.size());
        assertEquals("a1", list.get(0).get("name").asText());
        assertEquals(2, list.get(0).get("r").asInt());

        h.clear();
        assertEquals(0, h.exec("loractl info a1 --json" + m), h.err());
        JsonNode info = jsonOut(h);
        assertEquals(12, info.get("parameters").asInt());
        assertEquals(2.0, info.get("scaling").asDouble());
        assertEquals("[2,4]", info.get("modules").get(0).get("loraA").toString());
        assertEquals("[2,2]", info.get("modules").get(0).get("loraB").toString());
        assertTrue(info.get("sizeOnDisk").asLong() > 0);
        h.clear();
        assertEquals(0, h.exec("loractl info a1" + m), h.err());
        assertTrue(h.out().contains("r 2, lora_alpha 4, scaling 2"), h.out());

        // forward through the command equals forward through the API
        Path base = models.resolve("a1/base_model.safetensors");
        h.clear();
        assertEquals(
                0,
                h.exec("loractl forward --base " + base + " --adapter " + models.resolve("a1") + " --input " + x
                        + " --json" + m),
                h.err());
        JsonNode fwd = jsonOut(h);
        NamedLayers model = new NamedLayers();
        model.add(BaseWeights.loadBase(base, "fc", false));
        PeftAdapter.load(models.resolve("a1")).attach(model, "default", 0);
        float[] y = new float[2];
        model.get("fc").forward(new float[] {0.5f, -0.25f, 1, 2}, 0, y, 0);
        assertEquals(y[0], (float) fwd.get("output").get(0).asDouble());
        assertEquals(y[1], (float) fwd.get("output").get(1).asDouble());
        h.clear();
        assertEquals(0, h.exec("loractl forward --base " + base + " --adapter a1 --input " + x + m), h.err());
        assertEquals(y[0] + " " + y[1], h.out().strip());

        // merged weights alone give the adapter's output
        Path merged = tmp.resolve("merged.safetensors");
        h.clear();
        assertEquals(0, h.exec("loractl merge a1 --out " + merged + m), h.err());
        Linear ml = BaseWeights.loadBase(merged, "fc", false);
        float[] ym = new float[2];
        ml.forward(new float[] {0.5f, -0.25f, 1, 2}, 0, ym, 0);
        assertEquals(y[0], ym[0], 1e-5f);
        assertEquals(y[1], ym[1], 1e-5f);
        assertTrue(Safetensors.read(merged).metadata().containsKey("kos.merged_adapter"));

        // train on a given base: the config names it and no base copy is stored
        h.clear();
        assertEquals(
                0,
                h.exec("loractl train --data " + data + " --name a2 --base " + merged + " --epochs 3 --json" + m),
                h.err());
        assertFalse(Files.exists(models.resolve("a2/base_model.safetensors")));
        assertTrue(Files.readString(models.resolve("a2/adapter_config.json"))
                .contains(merged.getFileName().toString()));
        h.clear();
        assertEquals(1, h.exec("loractl forward --adapter a2 --input " + x + m));
        assertTrue(h.err().contains("carries no base_model.safetensors"), h.err());
        h.clear();
        assertEquals(0, h.exec("loractl forward --adapter a2 --base " + merged + " --input " + x + m), h.err());

        h.clear();
        assertEquals(0, h.exec("loractl delete a2" + m), h.err());
        assertEquals(0, h.exec("loractl delete a1" + m), h.err());
        h.clear();
        assertEquals(0, h.exec("loractl list --json" + m));
        assertEquals(0, jsonOut(h).size());
    }

    @Test
    void baseWeightsByModuleNameSingleTensorOrTransposed(@TempDir Path tmp) {
        Path f = tmp.resolve("w.safetensors");
        java.util.Map<String, kos.nn.Tensor> ts = new java.util.TreeMap<>();
        ts.put("model.fc.weight", kos.nn.Tensor.f32(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        ts.put("model.fc.bias", kos.nn.Tensor.f32(new float[] {0.5f, -0.5f}, 2));
        ts.put("other.weight", kos.nn.Tensor.f32(new float[] {1}, 1, 1));
        Safetensors.write(f, ts, java.util.Map.of());
        Linear l = BaseWeights.loadBase(f, "model.fc", false);
        assertEquals(3, l.inFeatures());
        assertEquals(2, l.outFeatures());
        assertEquals(-0.5f, l.bias()[1]);
        // Conv1D layout ([in, out]): the same bytes read as a 3-input, 2-output layer transposed
        Path g = tmp.resolve("c.safetensors");
        Safetensors.write(
                g,
                java.util.Map.of("h.weight", kos.nn.Tensor.f32(new float[] {1, 4, 2, 5, 3, 6}, 3, 2)),
                java.util.Map.of());
        Linear t = BaseWeights.loadBase(g, "anything", true);
        assertEquals(3, t.inFeatures());
        assertEquals(
                java.util.List.of(1f, 2f, 3f, 4f, 5f, 6f),
                java.util.stream.IntStream.range(0, 6)
                        .mapToObj(i -> t.weight()[i])
                        .toList());
        kos.sim.KosException e = org.junit.jupiter.api.Assertions.assertThrows(
                kos.sim.KosException.class, () -> BaseWeights.loadBase(f, "nope", false));
        assertTrue(e.getMessage().contains("no tensor 'nope.weight'"), e.getMessage());
    }

    @Test
    void badInputGivesOneLineErrors(@TempDir Path tmp) throws Exception {
        Path models = tmp.resolve("models"), data = tmp.resolve("d.jsonl");
        Files.writeString(data, dataset(20));
        ShellHarness h = new ShellHarness();
        String m = " --models " + models;
        for (String[] c : List.of(
                new String[] {"loractl train --data " + data + " --name ../escape" + m, "would escape"},
                new String[] {"loractl train --data " + data + " --name /etc" + m, "would escape"},
                new String[] {"loractl train --data " + tmp.resolve("none") + " --name a" + m, "no such file"},
                new String[] {
                    "loractl train --data " + data + " --name a --rank 0" + m,
                    "--rank: 0 is out of range: expected 1..4096"
                },
                new String[] {"loractl train --data " + data + " --name a --optimizer rmsprop" + m, "unknown optimizer"
                },
                new String[] {"loractl info nope" + m, "no adapter named 'nope'"},
                new String[] {"loractl delete .." + m, "escape"},
                new String[] {
                    "loractl forward --base " + tmp.resolve("b") + " --adapter nope --input x" + m,
                    "no adapter named 'nope'"
                })) {
            h.clear();
            assertEquals(1, h.exec(c[0]), c[0]);
            assertTrue(h.err().contains(c[1]), c[0] + " -> " + h.err());
            assertFalse(h.err().contains("Exception"), h.err());
            assertEquals(1, h.err().strip().lines().count(), h.err());
        }
        Path prompts = tmp.resolve("p.json");
        Files.writeString(prompts, "{\"examples\": [{\"prompt\": \"hi\", \"completion\": \"there\"}]}");
        h.clear();
        assertEquals(1, h.exec("loractl train --data " + prompts + " --name p" + m));
        assertTrue(h.err().contains("no text model yet"), h.err());

        assertEquals(0, h.exec("loractl train --data " + data + " --name ok --epochs 2" + m), h.err());
        Path x = tmp.resolve("x.json");
        Files.writeString(x, "[1, 2]");
        h.clear();
        assertEquals(
                1,
                h.exec("loractl forward --base " + models.resolve("ok/base_model.safetensors")
                        + " --adapter ok --input " + x + m));
        assertTrue(h.err().contains("the input has 2 values but fc takes 4"), h.err());
        for (String sub : List.of("", " list", " info", " train", " merge", " delete", " forward")) {
            h.clear();
            assertEquals(0, h.exec("loractl" + sub + " --help"), sub);
            assertTrue(h.out().contains("Usage: kos loractl"), h.out());
        }
    }
}
