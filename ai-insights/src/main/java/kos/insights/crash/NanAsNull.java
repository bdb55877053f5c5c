package kos.insights.crash;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/**
 * Writes a double that has no value (NaN, infinite: a rate over no runs, a percentile of nothing) as
 * JSON {@code null}, so reports hold numbers or null, never the string "NaN".
 * Use as {@code @JsonSerialize(using = NanAsNull.class)} on a double component.
 */
public final class NanAsNull extends StdSerializer<Double> {
    public NanAsNull() {
        super(Double.class);
    }

    @Override
    public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            g.writeNull();
        } else {
            g.writeNumber(v);
        }
    }
}
