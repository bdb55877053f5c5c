package kos.sona;

import kos.nn.Linear;
import kos.nn.LinearLayer;
import kos.nn.NamedLayers;
import kos.simd.FloatKernels;

import java.util.SplittableRandom;

/** A two-layer scorer for tests: p_i = score(hidden(x_i)), looked up by name on every pass. */
final class ToyModel implements SonaModel {
    final int w;
    final NamedLayers layers = new NamedLayers();
    float[] x = new float[64 * 16], h = new float[64 * 16], p = new float[64], dh = new float[16], one = new float[1];
    int n;

    ToyModel(FloatKernels k, int width, long seed) {
        w = width;
        SplittableRandom r = new SplittableRandom(seed);
        layers.add(Linear.kaimingUniform(k, "hidden", width, width, true, r));
        layers.add(Linear.kaimingUniform(k, "score", width, 1, true, r));
    }

    @Override
    public NamedLayers layers() {
        return layers;
    }

    @Override
    public int width() {
        return w;
    }

    @Override
    public float[] input(int rows) {
        return x;
    }

    @Override
    public float[] forward(int rows) {
        n = rows;
        LinearLayer hid = layers.get("hidden"), sc = layers.get("score");
        for (int i = 0; i < rows; i++) {
            hid.forward(x, i * w, h, i * w);
            sc.forward(h, i * w, p, i);
        }
        return p;
    }

    @Override
    public void backward(float[] dp) {
        LinearLayer hid = layers.get("hidden"), sc = layers.get("score");
        for (int i = 0; i < n; i++) {
            one[0] = dp[i];
            sc.backward(h, i * w, one, 0, dh, 0);
            hid.backward(x, i * w, dh, 0, null, 0);
        }
    }
}
