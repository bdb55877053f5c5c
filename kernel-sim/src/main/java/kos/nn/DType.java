package kos.nn;

/** The safetensors element types and their sizes in bytes. */
public enum DType {
    BOOL(1),
    U8(1),
    I8(1),
    F8_E5M2(1),
    F8_E4M3(1),
    I16(2),
    U16(2),
    F16(2),
    BF16(2),
    I32(4),
    U32(4),
    F32(4),
    F64(8),
    I64(8),
    U64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether kos can read this type into floats (F32, F16, BF16, F64). */
    public boolean readable() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** The type named {@code s} exactly as safetensors spells it, or null. */
    static DType parse(String s) {
        for (DType d : values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        return null;
    }
}
