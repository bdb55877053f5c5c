package kos.llm.sandbox;

import kos.llm.sandbox.CommandLayer.ParsedCommand;
import kos.llm.state.StateSnapshot;
import kos.llm.state.StateSnapshot.Proc;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command classes a model may propose, with bounds on their arguments. A class is the command
 * path ({@code memctl compact}, {@code task kill}). Read-only classes report state; the few
 * mutating ones act on the running simulation only and are bounded by the snapshot the answer was
 * about: {@code task kill} and {@code schedctl affinity|priorities} only for a task the snapshot
 * names, a CPU that exists, a nice value that only lowers priority; {@code memctl reclaim} at most
 * the page cache; {@code schedctl policy} only a built-in policy without parameters. Nothing that
 * changes the seed or the clock ({@code sim seed|reset|run}), writes files, runs scripts, starts
 * work, allocates, changes predictor or autonomy settings, or calls llmctl is on the list.
 */
public final class Allowlist {
    /** Why a class is refused, for the classes a model is most likely to propose. */
    private static final Map<String, String> DENIED = Map.ofEntries(
            Map.entry("sim seed", "it changes the seed"), Map.entry("sim reset", "it discards the simulation"),
            Map.entry("sim run", "it advances the simulated clock"), Map.entry("run", "it runs a script"),
            Map.entry("demo", "it runs scripts"), Map.entry("exit", "it ends the session"),
            Map.entry("memctl free", "it frees arbitrary allocations"), Map.entry("memctl alloc", "it allocates memory"),
            Map.entry("mem init", "it replaces the memory"), Map.entry("autoctl export-metrics", "it writes files"),
            Map.entry("autoctl on", "it changes the autonomy settings"), Map.entry("autoctl off", "it changes the autonomy settings"),
            Map.entry("crashctl tune", "it changes the predictor settings"), Map.entry("task spawn", "it starts work"),
            Map.entry("workload start", "it starts work"), Map.entry("stresstest", "it runs a stress test"));

    private static final Set<String> READ_ONLY = Set.of("memctl status", "memctl buddyinfo", "memctl watermarks", "memctl pressure",
            "memctl check", "memctl fragindex", "ps", "schedctl stats", "schedctl tasks", "crashctl status", "crashctl history",
            "autoctl status", "autoctl audit", "sim status", "memctl");
    private static final Set<String> MUTATING = Set.of("memctl compact", "memctl reclaim", "task kill", "schedctl affinity",
            "schedctl priorities", "schedctl policy");
    private static final Set<String> POLICIES = Set.of("cfs", "eevdf", "edf");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB|GiB)?");
    private static final Pattern INT = Pattern.compile("-?\\d{1,9}");

    private Allowlist() {
    }

    /** Whether the class is on the list and changes the simulation. */
    public static boolean mutating(String commandClass) {
        return MUTATING.contains(commandClass);
    }

    public static boolean listed(String commandClass) {
        return READ_ONLY.contains(commandClass) || MUTATING.contains(commandClass);
    }

    /** Null when the parsed command is allowed against this snapshot, else the reason it is not. */
    public static String check(ParsedCommand c, StateSnapshot s) {
        String cls = c.commandClass();
        if (!listed(cls)) {
            String why = DENIED.get(cls);
            if (why == null && !c.path().isEmpty() && c.path().getFirst().equals("llmctl")) {
                why = "llmctl does not run itself";
            }
            return "'" + cls + "' is not on the allowlist" + (why == null ? "" : " (" + why + ")");
        }
        if (c.help()) {
            return "--help is not an action";
        }
        if (!c.unmatched().isEmpty()) {
            return "extra arguments are not allowed: " + c.unmatched();
        }
        for (String opt : c.options().keySet()) {
            if (!opt.equals("--json") && !(opt.equals("--order") && cls.equals("memctl fragindex"))) {
                return "option " + opt + " is not allowed for '" + cls + "'";
            }
        }
        List<String> p = c.positionals();
        return switch (cls) {
            case "memctl fragindex" -> {
                List<String> o = c.options().get("--order");
                yield o == null || inRange(o.getFirst(), 0, 10) ? noArgs(p) : "--order must be 0..10";
            }
            case "crashctl history", "autoctl audit" -> p.isEmpty() || p.size() == 1 && inRange(p.getFirst(), 1, 100) ? null
                    : "N must be 1..100";
            case "memctl reclaim" -> p.isEmpty() ? null : reclaimSize(p.getFirst(), s);
            case "task kill" -> p.size() == 1 ? namedTask(p.getFirst(), s) : "task kill needs exactly one PID";
            case "schedctl affinity" -> {
                String t = p.isEmpty() ? "task affinity needs a PID" : namedTask(p.getFirst(), s);
                if (t != null || p.size() == 1) {
                    yield t;
                }
                int cpus = s.cpus().size();
                yield p.get(1).equals("any") || inRange(p.get(1), 0, cpus - 1) ? null : "CPU must be 'any' or 0.." + (cpus - 1);
            }
            case "schedctl priorities" -> {
                if (p.isEmpty()) {
                    yield null;
                }
                String t = namedTask(p.getFirst(), s);
                yield t != null ? t : p.size() == 2 && inRange(p.get(1), 0, 19) ? null : "NICE must be 0..19 (only lowering priority)";
            }
            case "schedctl policy" -> p.size() == 1 && POLICIES.contains(p.getFirst().toLowerCase(Locale.ROOT)) ? null
                    : "policy must be one of " + POLICIES.stream().sorted().toList() + " without parameters";
            default -> noArgs(p);
        };
    }

    private static String noArgs(List<String> p) {
        return p.isEmpty() ? null : "no arguments allowed, got " + p;
    }

    private static boolean inRange(String v, long lo, long hi) {
        if (!INT.matcher(v).matches()) {
            return false;
        }
        long x = Long.parseLong(v);
        return x >= lo && x <= hi;
    }

    /** A live scheduler task that the snapshot shows (in a top list); the pid must be a plain number. */
    private static String namedTask(String pid, StateSnapshot s) {
        if (!pid.matches("\\d{1,9}")) {
            return "PID must be a number, got '" + pid + "'";
        }
        Proc pr = s.process(Long.parseLong(pid));
        if (pr == null) {
            return "pid " + pid + " is not a process the snapshot names";
        }
        if (!pr.kind().equals("task")) {
            return "pid " + pid + " is a " + pr.kind() + ", not a task";
        }
        return null;
    }

    private static String reclaimSize(String v, StateSnapshot s) {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            return "SIZE must look like 64MiB, got '" + v + "'";
        }
        long mult = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1;
        };
        long bytes = Long.parseLong(m.group(1)) * mult;
        long cache = s.memory() == null ? 0 : s.memory().pageCacheBytes();
        return bytes > 0 && bytes <= Math.max(cache, 1L << 20) ? null : "SIZE must be at most the page cache (" + (cache >> 20) + " MiB)";
    }
}
