package kos.sona;

import kos.nn.Linear;
import kos.nn.LinearLayer;
import kos.nn.Parameter;

import java.util.List;

/**
 * A model projection under SONA: the frozen base {@code W x + b} plus a BaseLoRA (long-term,
 * Loop B) and a MicroLoRA (short-term, Loop A), {@code y = W x + b + s_b B_b A_b x + s_m B_m A_m x}.
 * It keeps the base's name and shape, so a model that holds its layers in a
 * {@link kos.nn.NamedLayers} registry takes it in place of the plain layer.
 *
 * <p>{@link #learning} says which adapter accumulates gradients in {@link #backward}: Loop A
 * differentiates the MicroLoRA, Loop B and the dreams the BaseLoRA; both paths always contribute
 * to the forward output and to {@code dx}.
 */
public final class SonaLinear implements LinearLayer {
    /** Which adapter a backward pass trains. */
    public enum Learning { MICRO, BASE, NONE }

    private final Linear base;
    private final LowRankAdapter micro, baseLora;
    private Learning learning = Learning.NONE;

    public SonaLinear(Linear base, LowRankAdapter micro, LowRankAdapter baseLora) {
        if (micro.in() != base.inFeatures() || micro.out() != base.outFeatures() || baseLora.in() != base.inFeatures()
                || baseLora.out() != base.outFeatures()) {
            throw new IllegalArgumentException(base.name() + ": adapter shapes must match the base");
        }
        this.base = base.frozen(true);
        this.micro = micro;
        this.baseLora = baseLora;
    }

    public Linear base() {
        return base;
    }

    public LowRankAdapter micro() {
        return micro;
    }

    public LowRankAdapter baseLora() {
        return baseLora;
    }

    public void learning(Learning l) {
        learning = l;
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff) {
        base.forward(x, xOff, y, yOff);
        baseLora.forwardAdd(x, xOff, y, yOff);
        micro.forwardAdd(x, xOff, y, yOff);
    }

    @Override
    public void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        base.backward(x, xOff, dy, dyOff, dx, dxOff);
        baseLora.backward(x, xOff, dy, dyOff, dx, dxOff, learning == Learning.BASE);
        micro.backward(x, xOff, dy, dyOff, dx, dxOff, learning == Learning.MICRO);
    }

    /** The BaseLoRA's parameters (what a generic optimizer would train). */
    @Override
    public List<Parameter> parameters() {
        return baseLora.parameters();
    }

    /** Folds the BaseLoRA into the base weight ({@link LowRankAdapter#mergeInto}); the output does not change. */
    public void mergeBase() {
        baseLora.mergeInto(base.weight());
    }
}
