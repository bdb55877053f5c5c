package kos.sched;

import kos.sim.KosException;
import kos.sim.Quantities;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A task mix anyone can write: classes with their shares and distributions, declared realtime
 * tasks, and the loads and CPU counts to evaluate it at. Run it with
 * {@code workload start mix --spec NAME|FILE|INLINE} or {@code schedctl eval --mix NAME|FILE|INLINE}.
 *
 * <p>Text form, one statement per line (or separated by {@code ;} inline), {@code #} comments:
 * <pre>
 * name heavy-tail-0.95                  # optional, for reports
 * load 0.95                             # offered loads to evaluate (optional: the eval's --load)
 * cpus 1,2                              # CPU counts to evaluate (optional: the eval's --cpus)
 * class batch share=1 work=pareto:1.2:3333us ws=1MiB
 * class interactive share=0.7 work=exp:60ms burst=exp:2ms io=exp:30ms ws=256KiB nice=0
 * rt count=2 period=10ms wcet=2ms deadline=10ms ws=64KiB
 * </pre>
 * A {@code class} line: the task class (interactive, batch, io-bound), its share of arriving tasks
 * (shares are normalised), the distribution of its total CPU work, of its CPU bursts ({@code burst},
 * omitted: the whole work in one burst, a CPU-only job) and of its I/O waits ({@code io}, omitted:
 * none), its working set and nice value. Distributions are {@link Distribution}'s text forms,
 * including {@code pareto:SHAPE:MIN[:CAP]}. An {@code rt} line: {@code count} periodic realtime tasks
 * declared like {@code SCHED_DEADLINE} (wcet, period, relative deadline), spawned at the start and
 * released until the arrivals are expected to end.
 *
 * <p>The offered load counts the realtime utilisation: arrivals come at
 * {@code lambda = (load * cpus - sum of wcet/period) / E[work]}, E[work] the share-weighted mean.
 */
public record MixSpec(String name, List<Double> loads, List<Integer> cpus, List<ClassSpec> classes, List<RealtimeSpec> realtime) {
    /** The mixes shipped as resources ({@code kos/sched/mixes/NAME.mix}). */
    public static final List<String> NAMED = List.of("heavy-tail-0.95", "io-bound", "realtime+batch", "interactive-70");

    public MixSpec {
        loads = List.copyOf(loads);
        cpus = List.copyOf(cpus);
        classes = List.copyOf(classes);
        realtime = List.copyOf(realtime);
        if (classes.isEmpty()) {
            throw new KosException("mix " + name + ": needs at least one 'class' line (the arriving tasks)");
        }
    }

    /** One class of arriving tasks. {@code burst} null: the whole work is one burst; {@code io} null: no I/O. */
    public record ClassSpec(TaskClass taskClass, double share, Distribution work, Distribution burst, Distribution io,
                            long workingSetBytes, int nice) {
    }

    /** {@code count} periodic tasks with these declared parameters. */
    public record RealtimeSpec(int count, long wcetNs, long periodNs, long deadlineNs, long workingSetBytes) {
        public double utilisation() {
            return count * (double) wcetNs / periodNs;
        }
    }

    /** Share-weighted mean work of an arriving task, ns. */
    public double meanWorkNs() {
        double total = 0, w = 0;
        for (ClassSpec c : classes) {
            total += c.share() * c.work().meanNs();
            w += c.share();
        }
        return total / w;
    }

    public double realtimeUtilisation() {
        return realtime.stream().mapToDouble(RealtimeSpec::utilisation).sum();
    }

    /**
     * A shipped mix by name, a mix file, or an inline spec (text with {@code =} or {@code ;}).
     */
    public static MixSpec resolve(String text) {
        String t = text.trim();
        if (NAMED.contains(t)) {
            return named(t);
        }
        boolean fileLike = t.length() < 4096 && !t.contains(";") && t.chars().noneMatch(Character::isISOControl);
        Path p = Path.of(fileLike ? t : ".");
        if (!t.contains("=") && !t.contains(";") && Files.isRegularFile(p)) {
            try {
                String name = p.getFileName().toString().replaceFirst("\\.mix$", "");
                return parse(name, Files.readString(p), p.toString());
            } catch (IOException e) {
                throw new KosException("cannot read mix file " + p + ": " + e.getMessage());
            }
        }
        if (t.contains("=") || t.contains(";")) {
            return parse("custom", t, "inline mix");
        }
        throw new KosException("unknown mix '" + t + "': expected one of " + String.join(", ", NAMED)
                + ", a mix file, or an inline spec like \"load 0.9; class batch share=1 work=pareto:1.5:2ms\"");
    }

    public static MixSpec named(String name) {
        try (InputStream in = MixSpec.class.getResourceAsStream("mixes/" + name + ".mix")) {
            if (in == null) {
                throw new KosException("no shipped mix named " + name);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), name + ".mix");
        } catch (IOException e) {
            throw new KosException("cannot read shipped mix " + name + ": " + e.getMessage());
        }
    }

    /** Parses the text form; errors name {@code where} and the line. */
    public static MixSpec parse(String name, String text, String where) {
        List<Double> loads = new ArrayList<>();
        List<Integer> cpus = new ArrayList<>();
        List<ClassSpec> classes = new ArrayList<>();
        List<RealtimeSpec> rts = new ArrayList<>();
        String[] lines = text.split("[\n;]");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] w = line.split("\\s+");
            try {
                switch (w[0]) {
                    case "name" -> name = arg(w);
                    case "load" -> {
                        for (String x : arg(w).split(",")) {
                            double l = Quantities.parseDouble(x.trim());
                            if (!(l > 0 && l <= 4)) {
                                throw new KosException("load " + x + " out of range (0, 4]");
                            }
                            loads.add(l);
                        }
                    }
                    case "cpus" -> {
                        for (String x : arg(w).split(",")) {
                            int c = Integer.parseInt(x.trim());
                            if (c < 1 || c > Scheduler.MAX_CPUS) {
                                throw new KosException("cpus " + x + " out of range 1.." + Scheduler.MAX_CPUS);
                            }
                            cpus.add(c);
                        }
                    }
                    case "class" -> classes.add(classLine(w));
                    case "rt" -> rts.add(rtLine(w));
                    default -> throw new KosException("unknown statement '" + w[0] + "' (expected name, load, cpus, class or rt)");
                }
            } catch (NumberFormatException e) {
                throw new KosException(where + ":" + (i + 1) + ": bad number: " + e.getMessage());
            } catch (KosException e) {
                throw new KosException(where + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new MixSpec(name, loads, cpus, classes, rts);
    }

    private static String arg(String[] w) {
        if (w.length != 2) {
            throw new KosException("'" + w[0] + "' takes one value");
        }
        return w[1];
    }

    private static Map<String, String> keys(String[] w, List<String> allowed) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = (w[0].equals("class") ? 2 : 1); k < w.length; k++) {
            int eq = w[k].indexOf('=');
            if (eq <= 0) {
                throw new KosException("expected KEY=VALUE, got '" + w[k] + "'");
            }
            String key = w[k].substring(0, eq).toLowerCase(Locale.ROOT);
            if (!allowed.contains(key)) {
                throw new KosException("unknown key '" + key + "' (expected " + String.join(", ", allowed) + ")");
            }
            m.put(key, w[k].substring(eq + 1));
        }
        return m;
    }

    private static ClassSpec classLine(String[] w) {
        if (w.length < 2) {
            throw new KosException("class needs a task class: interactive, batch or io-bound");
        }
        TaskClass c = TaskClass.parse(w[1]);
        if (c == TaskClass.REALTIME) {
            throw new KosException("declare realtime tasks with an 'rt' line (period, wcet, deadline)");
        }
        Map<String, String> m = keys(w, List.of("share", "work", "burst", "io", "ws", "nice"));
        double share = Quantities.parseDouble(m.getOrDefault("share", "1"));
        if (!(share > 0)) {
            throw new KosException("share must be positive");
        }
        if (!m.containsKey("work")) {
            throw new KosException("class " + c.label() + " needs work=DIST (its total CPU need)");
        }
        Distribution work = Distribution.parse(m.get("work"));
        if (!(work.meanNs() > 0) || Double.isInfinite(work.meanNs())) {
            throw new KosException("work " + m.get("work") + " needs a finite mean (a Pareto shape above 1)");
        }
        Distribution burst = m.containsKey("burst") ? Distribution.parse(m.get("burst")) : null;
        Distribution io = m.containsKey("io") ? Distribution.parse(m.get("io")) : null;
        long ws = m.containsKey("ws") ? Quantities.parseSize(m.get("ws")) : Quantities.MIB;
        int nice = Integer.parseInt(m.getOrDefault("nice", "0"));
        if (nice < Weights.MIN_NICE || nice > Weights.MAX_NICE) {
            throw new KosException("nice " + nice + " out of range -20..19");
        }
        return new ClassSpec(c, share, work, burst, io, ws, nice);
    }

    private static RealtimeSpec rtLine(String[] w) {
        Map<String, String> m = keys(w, List.of("count", "period", "wcet", "deadline", "ws"));
        if (!m.containsKey("period") || !m.containsKey("wcet")) {
            throw new KosException("rt needs period=DURATION and wcet=DURATION (deadline defaults to the period)");
        }
        long period = Quantities.parseDuration(m.get("period"));
        long wcet = Quantities.parseDuration(m.get("wcet"));
        long deadline = m.containsKey("deadline") ? Quantities.parseDuration(m.get("deadline")) : period;
        if (period <= 0 || wcet <= 0 || wcet > deadline || deadline > period) {
            throw new KosException("rt needs 0 < wcet <= deadline <= period");
        }
        int count = Integer.parseInt(m.getOrDefault("count", "1"));
        if (count < 1 || count > 1000) {
            throw new KosException("count must be 1..1000");
        }
        long ws = m.containsKey("ws") ? Quantities.parseSize(m.get("ws")) : 64 * Quantities.KIB;
        return new RealtimeSpec(count, wcet, period, deadline, ws);
    }

    /** The canonical text form (parses back to an equal spec), one statement per line. */
    public String describe() {
        StringBuilder b = new StringBuilder("name " + name + "\n");
        if (!loads.isEmpty()) {
            b.append("load ").append(String.join(",", loads.stream().map(String::valueOf).toList())).append('\n');
        }
        if (!cpus.isEmpty()) {
            b.append("cpus ").append(String.join(",", cpus.stream().map(String::valueOf).toList())).append('\n');
        }
        for (ClassSpec c : classes) {
            b.append("class ").append(c.taskClass().label()).append(" share=").append(c.share()).append(" work=").append(c.work().describe());
            if (c.burst() != null) {
                b.append(" burst=").append(c.burst().describe());
            }
            if (c.io() != null) {
                b.append(" io=").append(c.io().describe());
            }
            b.append(" ws=").append(c.workingSetBytes()).append(" nice=").append(c.nice()).append('\n');
        }
        for (RealtimeSpec r : realtime) {
            b.append("rt count=").append(r.count()).append(" period=").append(r.periodNs()).append("ns wcet=").append(r.wcetNs())
                    .append("ns deadline=").append(r.deadlineNs()).append("ns ws=").append(r.workingSetBytes()).append('\n');
        }
        return b.toString();
    }
}
