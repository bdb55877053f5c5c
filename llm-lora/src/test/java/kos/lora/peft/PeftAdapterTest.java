package kos.lora.peft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.nn.DType;
import kos.nn.Linear;
import kos.nn.NamedLayers;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdapterTest {
    /** adapter_config.json as PEFT 0.13 writes it for LoraConfig(r=2, lora_alpha=4, lora_dropout=0.05, target_modules=["fc"]). */
    static final String PEFT_CONFIG = """
            {
              "alpha_pattern": {},
              "auto_mapping": null,
              "base_model_name_or_path": "tiny-model",
              "bias": "none",
              "fan_in_fan_out": false,
              "inference_mode": true,
              "init_lora_weights": true,
              "layer_replication": null,
              "layers_pattern": null,
              "layers_to_transform": null,
              "loftq_config": {},
              "lora_alpha": 4,
              "lora_dropout": 0.05,
              "megatron_config": null,
              "megatron_core": "megatron.core",
              "modules_to_save": null,
              "peft_type": "LORA",
              "r": 2,
              "rank_pattern": {},
              "revision": null,
              "target_modules": [
                "fc"
              ],
              "task_type": null,
              "use_dora": false,
              "use_rslora": false
            }
            """;

    // W = [[1, 0, 2], [0, 1, -1]]; A [r=2, in=3]; B [out=2, r=2]; x = [1, 2, 3]
    static final float[] W = {1, 0, 2, 0, 1, -1};
    static final float[] A = {0.5f, -1, 0.25f, 1, 0.5f, 0};
    static final float[] B = {1, 0.5f, -2, 0.25f};
    static final float[] X = {1, 2, 3};
    // W x = [7, -1]; A x = [-0.75, 2]; B (A x) = [0.25, 2]; scaling = 4 / 2 = 2; y = [7.5, 3]
    static final float[] EXPECTED = {7.5f, 3f};

    /** The bytes safetensors.torch.save_file writes for the two tensors in the given dtype, with {"format": "pt"}. */
    static byte[] peftWeights(String dtype) {
        int size = dtype.equals("F32") ? 4 : 2;
        int aBytes = A.length * size, bBytes = B.length * size;
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"base_model.model.fc.lora_A.weight\":{\"dtype\":\"" + dtype
                + "\",\"shape\":[2,3],\"data_offsets\":[0," + aBytes + "]},"
                + "\"base_model.model.fc.lora_B.weight\":{\"dtype\":\"" + dtype
                + "\",\"shape\":[2,2],\"data_offsets\":[" + aBytes + "," + (aBytes + bBytes) + "]}}";
        while (header.length() % 8 != 0) {
            header += " ";
        }
        ByteBuffer b =
                ByteBuffer.allocate(8 + header.length() + aBytes + bBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] t : new float[][] {A, B}) {
            for (float v : t) {
                switch (dtype) {
                    case "F32" -> b.putFloat(v);
                    case "F16" -> b.putShort(Float.floatToFloat16(v));
                    default -> b.putShort((short) (Float.floatToRawIntBits(v) >>> 16)); // BF16: the top half
                }
            }
        }
        return b.array();
    }

    static Path peftDir(Path root, String dtype) throws Exception {
        Path dir = root.resolve("peft-" + dtype);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("adapter_config.json"), PEFT_CONFIG);
        Files.write(dir.resolve("adapter_model.safetensors"), peftWeights(dtype));
        return dir;
    }

    @Test
    void anAdapterSavedByPeftLoadsAndGivesTheSameOutputs(@TempDir Path tmp) throws Exception {
        for (String dtype : List.of("F32", "F16", "BF16")) {
            PeftAdapter p = PeftAdapter.load(peftDir(tmp, dtype));
            assertEquals(2, p.config().r());
            assertEquals(4f, p.config().loraAlpha());
            assertEquals(List.of("fc"), p.config().targetModules());
            assertEquals("tiny-model", p.config().baseModel());
            assertEquals(DType.valueOf(dtype), p.module("fc").dtype());
            assertEquals(2L * (3 + 2), p.parameterCount());
            NamedLayers model = new NamedLayers();
            model.add(new Linear("fc", 3, 2, W.clone(), null));
            p.attach(model, "default", 1);
            float[] y = new float[2];
            model.get("fc").forward(X, 0, y, 0);
            assertArrayEquals(EXPECTED, y, dtype);
        }
    }

    @Test
    void savedAdapterIsPeftShapedAndRoundTrips(@TempDir Path tmp) throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        LoraLinear q = new LoraLinear(Linear.kaimingUniform("layers.0.q_proj", 12, 8, false, r), 1);
        LoraLinear v = new LoraLinear(Linear.kaimingUniform("layers.0.v_proj", 12, 6, false, r), 1);
        LoraConfig cfg = new LoraConfig(4, 8, 0.1f, true, List.of("q_proj", "v_proj"));
        for (LoraLinear l : List.of(q, v)) {
            l.addAdapter("default", cfg, r);
            float[] b = new float[l.outFeatures() * 4];
            Linear.uniform(b, 1, r);
            l.adapter("default").setLoraB(b);
        }
        PeftAdapter saved = PeftAdapter.of(
                Map.of(q.name(), q, v.name(), v), "default", AdapterConfig.of(cfg, null), Map.of("kos.seed", "5"));
        Path dir = tmp.resolve("a");
        saved.save(dir);

        SafetensorsFile f = Safetensors.read(dir.resolve("adapter_model.safetensors"));
        assertEquals(
                List.of(
                        "base_model.model.layers.0.q_proj.lora_A.weight",
                        "base_model.model.layers.0.q_proj.lora_B.weight",
                        "base_model.model.layers.0.v_proj.lora_A.weight",
                        "base_model.model.layers.0.v_proj.lora_B.weight"),
                List.copyOf(f.tensors().keySet()));
        assertArrayEquals(
                new int[] {4, 12},
                f.tensor("base_model.model.layers.0.q_proj.lora_A.weight").shape());
        assertArrayEquals(
                new int[] {6, 4},
                f.tensor("base_model.model.layers.0.v_proj.lora_B.weight").shape());
        assertEquals(Map.of("format", "pt", "kos.seed", "5"), f.metadata());
        String json = Files.readString(dir.resolve("adapter_config.json"));
        for (String field : List.of(
                "\"peft_type\" : \"LORA\"",
                "\"r\" : 4",
                "\"lora_alpha\" : 8",
                "\"use_rslora\" : true",
                "\"fan_in_fan_out\" : false",
                "\"bias\" : \"none\"",
                "\"lora_dropout\" : 0.1")) {
            assertTrue(json.contains(field), field + " in " + json);
        }

        PeftAdapter loaded = PeftAdapter.load(dir);
        NamedLayers model = new NamedLayers();
        model.add(new Linear(q.name(), 12, 8, q.base().weight().clone(), null));
        model.add(new Linear(v.name(), 12, 6, v.base().weight().clone(), null));
        loaded.attach(model, "default", 1);
        float[] x = new float[12];
        Linear.uniform(x, 1, r);
        for (LoraLinear l : List.of(q, v)) {
            float[] y1 = new float[l.outFeatures()], y2 = new float[l.outFeatures()];
            l.forward(x, 0, y1, 0);
            model.get(l.name()).forward(x, 0, y2, 0);
            assertArrayEquals(y1, y2, l.name());
        }
    }

    private static void rejects(Path dir, String part) {
        KosException e = assertThrows(KosException.class, () -> PeftAdapter.load(dir));
        assertTrue(e.getMessage().contains(part), () -> e.getMessage() + " should mention " + part);
    }

    @Test
    void rejectsBrokenAdapters(@TempDir Path tmp) throws Exception {
        Path d = peftDir(tmp, "F32");
        rejects(tmp.resolve("missing"), "no such adapter directory");
        Files.writeString(d.resolve("adapter_config.json"), PEFT_CONFIG.replace("\"LORA\"", "\"IA3\""));
        rejects(d, "peft_type is 'IA3'");
        Files.writeString(
                d.resolve("adapter_config.json"), PEFT_CONFIG.replace("\"bias\": \"none\"", "\"bias\": \"all\""));
        rejects(d, "bias 'none' only");
        Files.writeString(d.resolve("adapter_config.json"), PEFT_CONFIG.replace("\"r\": 2", "\"r\": 4"));
        rejects(d, "says r = 4");
        Files.writeString(
                d.resolve("adapter_config.json"),
                PEFT_CONFIG.replace("\"rank_pattern\": {}", "\"rank_pattern\": {\"fc\": 4}"));
        rejects(d, "rank_pattern is not supported");
        Files.writeString(d.resolve("adapter_config.json"), "{ nope");
        rejects(d, "not valid JSON");
        Files.writeString(d.resolve("adapter_config.json"), PEFT_CONFIG);
        Files.delete(d.resolve("adapter_model.safetensors"));
        Files.write(d.resolve("adapter_model.bin"), new byte[] {1});
        rejects(d, "pickle");
        Files.write(d.resolve("adapter_model.safetensors"), new byte[] {1, 2, 3});
        rejects(d, "too short");

        PeftAdapter ok = PeftAdapter.load(peftDir(tmp, "BF16"));
        NamedLayers model = new NamedLayers();
        model.add(new Linear("fc", 4, 2, new float[8], null));
        KosException e = assertThrows(KosException.class, () -> ok.attach(model, "default", 1));
        assertTrue(e.getMessage().contains("do not fit a layer of 4 inputs"), e.getMessage());
        assertTrue(model.get("fc") instanceof Linear, "nothing replaced on failure");
        NamedLayers other = new NamedLayers();
        other.add(new Linear("proj", 3, 2, new float[6], null));
        assertTrue(assertThrows(KosException.class, () -> ok.attach(other, "default", 1))
                .getMessage()
                .contains("no module named 'fc'"));
    }
}
