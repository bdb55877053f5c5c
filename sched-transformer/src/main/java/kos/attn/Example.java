package kos.attn;

/**
 * One decision whose outcome is known: the features of {@code n} runnable tasks ({@code n *
 * Features.COUNT} floats, row-major, the task whose burst was predicted first) and that task's
 * observed next CPU burst as a {@link Features#target} value.
 */
public record Example(float[] rows, int n, float target) {}
