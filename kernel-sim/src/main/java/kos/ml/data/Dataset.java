package kos.ml.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.ml.registry.ModelRegistry;
import kos.sim.AtomicFiles;
import kos.sim.KosException;

/**
 * A table of samples for one model: named features, named labels and, per row, the group it came
 * from (one simulation run, e.g. {@code diurnal/seed=3/svc-2}), so a split never puts two halves
 * of one run's history on both sides.
 *
 * <p>On disk it is CSV with one header comment carrying the SHA-256 of everything after it:
 * <pre>
 * # kos-dataset model=NAME features=K labels=L rows=N sha256=HEX
 * group,f1,...,fK,l1,...,lL
 * run-a,0.5,...,1
 * </pre>
 * {@link #read} checks the hash, the column count of every row and that every value is finite,
 * so a truncated or edited file fails with its file:line instead of training on garbage.
 */
public final class Dataset {
    public static final long MAX_BYTES = 512L << 20;
    private static final String MAGIC = "# kos-dataset ";

    private final String model;
    private final List<String> features, labels;
    private final List<String> groups = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    /**
     * The verified SHA-256 of the file this dataset was read from (null once a row is added, or if
     * it was not read): the hash of the bytes as collected, which re-serialising the parsed values
     * need not reproduce (a value written as 1.00000 is written back as 1).
     */
    private String readHash;

    public Dataset(String model, List<String> features, List<String> labels) {
        if (features.isEmpty() || labels.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs features and labels");
        }
        this.model = model;
        this.features = List.copyOf(features);
        this.labels = List.copyOf(labels);
    }

    /** Appends a row: {@code x} has {@link #featureCount()} values, {@code y} {@link #labelCount()}. */
    public void add(String group, double[] x, double[] y) {
        readHash = null;
        if (x.length != features.size() || y.length != labels.size()) {
            throw new IllegalArgumentException("row has " + x.length + "+" + y.length + " values, expected "
                    + features.size() + "+" + labels.size());
        }
        if (group.indexOf(',') >= 0 || group.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a group may not contain ',' or a newline: " + group);
        }
        double[] r = new double[x.length + y.length];
        System.arraycopy(x, 0, r, 0, x.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        groups.add(group);
        rows.add(r);
    }

    public String model() {
        return model;
    }

    public List<String> features() {
        return features;
    }

    public List<String> labels() {
        return labels;
    }

    public int featureCount() {
        return features.size();
    }

    public int labelCount() {
        return labels.size();
    }

    public int size() {
        return rows.size();
    }

    public String group(int i) {
        return groups.get(i);
    }

    /** Feature {@code j} of row {@code i}. */
    public double x(int i, int j) {
        return rows.get(i)[j];
    }

    /** Label {@code k} of row {@code i}. */
    public double y(int i, int k) {
        return rows.get(i)[features.size() + k];
    }

    /** The features of row {@code i} (a copy). */
    public double[] xs(int i) {
        return java.util.Arrays.copyOf(rows.get(i), features.size());
    }

    /**
     * Indices of the validation rows: the last {@code fraction} of each group's rows (the future
     * of each run is held out, never interleaved with its past).
     */
    public boolean[] validationMask(double fraction) {
        boolean[] val = new boolean[size()];
        java.util.Map<String, List<Integer>> byGroup = new java.util.TreeMap<>();
        for (int i = 0; i < size(); i++) {
            byGroup.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(i);
        }
        for (List<Integer> idx : byGroup.values()) {
            int nVal = (int) Math.round(idx.size() * fraction);
            for (int k = idx.size() - nVal; k < idx.size(); k++) {
                val[idx.get(k)] = true;
            }
        }
        return val;
    }

    /** The CSV body (everything after the hash line). */
    private byte[] body() {
        StringBuilder b = new StringBuilder(64 + rows.size() * (features.size() + labels.size()) * 10);
        b.append("group");
        features.forEach(f -> b.append(',').append(f));
        labels.forEach(l -> b.append(',').append(l));
        b.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            b.append(groups.get(i));
            for (double v : rows.get(i)) {
                b.append(',').append(format(v));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of the CSV body: the data's identity, recorded with every model trained on it. */
    public String hash() {
        return readHash != null ? readHash : ModelRegistry.sha256(body());
    }

    /** Writes the dataset atomically; returns its hash. */
    public String write(Path file) {
        byte[] body = body();
        String hash = ModelRegistry.sha256(body);
        String head = MAGIC + "model=" + model + " features=" + features.size() + " labels=" + labels.size() + " rows="
                + rows.size() + " sha256=" + hash + "\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        AtomicFiles.write(file, all);
        return hash;
    }

    /** Reads and validates a dataset written by {@link #write}; every problem is one line naming file:line. */
    public static Dataset read(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new KosException("no dataset at " + file + " (run 'ml collect' first)");
        }
        byte[] all;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            all = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            throw new KosException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (all.length > MAX_BYTES) {
            throw new KosException(file + " is larger than " + MAX_BYTES + " bytes: refused");
        }
        if (all.length == 0) {
            throw new KosException(file + " is empty: not a kos dataset");
        }
        int nl = indexOf(all, (byte) '\n');
        String head = new String(all, 0, nl < 0 ? all.length : nl, StandardCharsets.UTF_8);
        if (!head.startsWith(MAGIC) || nl < 0) {
            throw new KosException(file + ":1: not a kos dataset (expected a '" + MAGIC.trim() + "' header line)");
        }
        java.util.Map<String, String> kv = new java.util.TreeMap<>();
        for (String part : head.substring(MAGIC.length()).trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(all, nl + 1, all.length);
        if (!ModelRegistry.sha256(body).equals(kv.get("sha256"))) {
            throw new KosException(file + " is corrupted: its content does not match the SHA-256 in its header");
        }
        int nf = intOf(kv, "features", file), nlab = intOf(kv, "labels", file), nrows = intOf(kv, "rows", file);
        List<String> lines = new String(body, StandardCharsets.UTF_8).lines().toList();
        if (lines.isEmpty()) {
            throw new KosException(file + ":2: no column header");
        }
        String[] cols = lines.get(0).split(",", -1);
        if (cols.length != 1 + nf + nlab || !cols[0].equals("group")) {
            throw new KosException(file + ":2: expected group and " + nf + " features and " + nlab + " labels");
        }
        Dataset d = new Dataset(
                kv.getOrDefault("model", ""),
                List.of(cols).subList(1, 1 + nf),
                List.of(cols).subList(1 + nf, cols.length));
        for (int li = 1; li < lines.size(); li++) {
            String[] f = lines.get(li).split(",", -1);
            if (f.length != cols.length) {
                throw new KosException(file + ":" + (li + 2) + ": " + f.length + " columns, expected " + cols.length);
            }
            double[] x = new double[nf], y = new double[nlab];
            for (int j = 1; j < f.length; j++) {
                double v;
                try {
                    v = Double.parseDouble(f[j]);
                } catch (NumberFormatException e) {
                    throw new KosException(file + ":" + (li + 2) + ": '" + f[j] + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new KosException(file + ":" + (li + 2) + ": " + f[j] + " is not finite");
                }
                if (j <= nf) {
                    x[j - 1] = v;
                } else {
                    y[j - 1 - nf] = v;
                }
            }
            d.add(f[0], x, y);
        }
        if (d.size() != nrows) {
            throw new KosException(file + ": header says " + nrows + " rows, found " + d.size());
        }
        if (d.size() == 0) {
            throw new KosException(file + " has no samples: collect with more seeds or a longer run");
        }
        d.readHash = kv.get("sha256");
        return d;
    }

    private static int intOf(java.util.Map<String, String> kv, String key, Path file) {
        try {
            return Integer.parseInt(kv.getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            throw new KosException(file + ":1: header has no valid " + key + "=");
        }
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
