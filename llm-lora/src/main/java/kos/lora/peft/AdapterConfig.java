package kos.lora.peft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kos.lora.layer.LoraConfig;
import kos.sim.KosException;

/**
 * The fields of PEFT's {@code adapter_config.json} kos uses. Reading is lenient about fields kos
 * does not use (PEFT writes many) and strict about the ones it does: {@code peft_type} must be
 * {@code LORA}, {@code bias} {@code none}, and {@code rank_pattern} / {@code alpha_pattern} empty.
 *
 * @param baseModel {@code base_model_name_or_path}, or null
 */
public record AdapterConfig(
        int r,
        float loraAlpha,
        List<String> targetModules,
        float loraDropout,
        boolean useRslora,
        boolean fanInFanOut,
        String bias,
        String baseModel) {
    public AdapterConfig {
        targetModules = List.copyOf(targetModules);
    }

    public static AdapterConfig of(LoraConfig c, String baseModel) {
        return new AdapterConfig(
                c.r(), c.alpha(), c.targetModules(), c.dropout(), c.useRslora(), false, "none", baseModel);
    }

    /** The layer configuration for a module of rank {@code r} (the rank its tensors have). */
    public LoraConfig loraConfig() {
        return new LoraConfig(r, loraAlpha, loraDropout, useRslora, targetModules);
    }

    public float scaling() {
        return LoraConfig.scaling(loraAlpha, r, useRslora);
    }

    /** The JSON PEFT writes, with kos's values (fields in PEFT's sorted order). */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.putObject("alpha_pattern");
        if (baseModel == null) {
            o.putNull("base_model_name_or_path");
        } else {
            o.put("base_model_name_or_path", baseModel);
        }
        o.put("bias", bias);
        o.put("fan_in_fan_out", fanInFanOut);
        o.put("inference_mode", true);
        o.put("init_lora_weights", true);
        if (loraAlpha == Math.rint(loraAlpha) && Math.abs(loraAlpha) < 1e9) {
            o.put("lora_alpha", (long) loraAlpha);
        } else {
            o.put("lora_alpha", loraAlpha);
        }
        o.put("lora_dropout", loraDropout);
        o.putNull("modules_to_save");
        o.put("peft_type", "LORA");
        o.put("r", r);
        o.putObject("rank_pattern");
        o.putNull("revision");
        ArrayNode t = o.putArray("target_modules");
        targetModules.forEach(t::add);
        o.putNull("task_type");
        o.put("use_rslora", useRslora);
        return o;
    }

    /** Parses and checks a config; {@code source} names the file in messages. */
    static AdapterConfig fromJson(JsonNode n, String source) {
        if (n == null || !n.isObject()) {
            throw new KosException(source + ": must be a JSON object");
        }
        String type = text(n, "peft_type", source, null);
        if (!"LORA".equals(type)) {
            throw new KosException(source + ": peft_type is " + (type == null ? "missing" : "'" + type + "'")
                    + "; kos reads LORA adapters");
        }
        JsonNode rn = n.get("r");
        if (rn == null || !rn.isIntegralNumber() || !rn.canConvertToInt() || rn.intValue() < 1) {
            throw new KosException(source + ": r must be a positive integer");
        }
        float alpha = number(n, "lora_alpha", source, LoraConfig.DEFAULT_ALPHA);
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new KosException(source + ": lora_alpha must be positive");
        }
        float dropout = number(n, "lora_dropout", source, 0f);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new KosException(source + ": lora_dropout must be in [0, 1)");
        }
        List<String> targets = new ArrayList<>();
        JsonNode tm = n.get("target_modules");
        if (tm != null && tm.isTextual()) {
            targets.add(tm.textValue());
        } else if (tm != null && tm.isArray()) {
            for (JsonNode t : tm) {
                if (!t.isTextual()) {
                    throw new KosException(source + ": target_modules must hold strings");
                }
                targets.add(t.textValue());
            }
        } else if (tm != null && !tm.isNull()) {
            throw new KosException(source + ": target_modules must be a list of names or a string");
        }
        String bias = text(n, "bias", source, "none");
        if (!"none".equals(bias)) {
            throw new KosException(
                    source + ": bias is '" + bias + "'; kos supports adapters with bias 'none' only (no bias tensors)");
        }
        for (String pattern : List.of("rank_pattern", "alpha_pattern")) {
            JsonNode p = n.get(pattern);
            if (p != null && !p.isNull() && !(p.isObject() && p.isEmpty())) {
                throw new KosException(
                        source + ": " + pattern + " is not supported (every module must use r and lora_alpha)");
            }
        }
        for (String unsupported : List.of("use_dora")) {
            JsonNode p = n.get(unsupported);
            if (p != null && p.asBoolean(false)) {
                throw new KosException(source + ": " + unsupported + " adapters are not supported");
            }
        }
        return new AdapterConfig(
                rn.intValue(),
                alpha,
                targets,
                dropout,
                bool(n, "use_rslora", source),
                bool(n, "fan_in_fan_out", source),
                bias,
                text(n, "base_model_name_or_path", source, null));
    }

    private static String text(JsonNode n, String field, String source, String absent) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isTextual()) {
            throw new KosException(source + ": " + field + " must be a string");
        }
        return v.textValue();
    }

    private static float number(JsonNode n, String field, String source, float absent) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isNumber()) {
            throw new KosException(source + ": " + field + " must be a number");
        }
        return v.floatValue();
    }

    private static boolean bool(JsonNode n, String field, String source) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new KosException(source + ": " + field + " must be true or false");
        }
        return v.booleanValue();
    }
}
