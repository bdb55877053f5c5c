package kos.llm.backend;

import kos.llm.state.StateSnapshot;
import kos.llm.state.StateSnapshot.Cpu;
import kos.llm.state.StateSnapshot.Memory;
import kos.llm.state.StateSnapshot.Proc;
import kos.llm.state.Untrusted;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a template's {@code {slot}}s take in one snapshot: which pid leaks, which CPU is
 * overloaded, which order fails... A slot the snapshot cannot fill is absent, and a template that
 * needs it yields no command. Names are quoted ({@link Untrusted#quote}); pids and numbers are
 * written by this class, never copied from untrusted text.
 */
public final class Slots {
    private static final Pattern SLOT = Pattern.compile("\\{([a-z_]+)}");
    private final Map<String, String> values = new HashMap<>();

    private Slots() {
    }

    public static Slots of(StateSnapshot s, List<Situation.Seen> seen) {
        Slots v = new Slots();
        Memory m = s.memory();
        if (m != null) {
            v.put("free", mb(m.freeBytes()));
            v.put("total", mb(m.totalBytes()));
            v.put("largest", String.valueOf(m.largestFreeOrder()));
            v.put("cache", mb(m.pageCacheBytes()));
            v.put("psi_some", String.format(Locale.ROOT, "%.1f", m.psiSomePct()));
            v.put("psi_full", String.format(Locale.ROOT, "%.1f", m.psiFullPct()));
            int order = 9;
            for (int o : m.failedOrders()) {
                if (o >= 4) {
                    order = o;
                }
            }
            v.put("order", String.valueOf(order));
        }
        Proc leak = Situation.leaker(s);
        if (leak != null) {
            v.put("leak_pid", String.valueOf(leak.pid()));
            v.put("leak_name", Untrusted.quote(leak.name(), 32));
            v.put("leak_mem", mb(leak.memBytes()));
            v.put("leak_rate", mb(leak.growthBytesPerS()));
        }
        Cpu busy = Situation.busiest(s);
        Proc pinned = Situation.pinnedOnBusiest(s);
        Cpu idle = Situation.idlest(s);
        if (busy != null && pinned != null && idle != null) {
            v.put("busy_cpu", String.valueOf(busy.id()));
            v.put("busy_runnable", String.valueOf(busy.runnable()));
            v.put("idle_cpu", String.valueOf(idle.id()));
            v.put("idle_runnable", String.valueOf(idle.runnable()));
            v.put("pinned_pid", String.valueOf(pinned.pid()));
            v.put("pinned_name", Untrusted.quote(pinned.name(), 32));
        }
        if (s.scheduler() != null) {
            v.put("policy", Untrusted.quote(s.scheduler().policy(), 16));
            v.put("misses", String.valueOf(s.scheduler().deadlineMisses()));
            v.put("util", String.format(Locale.ROOT, "%.1f", s.scheduler().utilisationPct()));
        }
        if (!s.topByMemory().isEmpty()) {
            v.put("top_mem_pid", String.valueOf(s.topByMemory().getFirst().pid()));
            v.put("top_mem_name", Untrusted.quote(s.topByMemory().getFirst().name(), 32));
        }
        if (!s.topByCpu().isEmpty()) {
            v.put("top_cpu_pid", String.valueOf(s.topByCpu().getFirst().pid()));
            v.put("top_cpu_name", Untrusted.quote(s.topByCpu().getFirst().name(), 32));
        }
        v.put("risk", String.format(Locale.ROOT, "%.2f", s.risk().confidence()));
        v.put("level", s.risk().level());
        v.put("cause", s.risk().cause());
        return v;
    }

    private void put(String k, String val) {
        values.put(k, val);
    }

    public String get(String k) {
        return values.get(k);
    }

    /** The template with every slot filled, or null when a slot has no value. */
    public String fill(String template) {
        Matcher mt = SLOT.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (mt.find()) {
            String val = values.get(mt.group(1));
            if (val == null) {
                return null;
            }
            mt.appendReplacement(sb, Matcher.quoteReplacement(val));
        }
        mt.appendTail(sb);
        return sb.toString();
    }

    /** The slots of a template that this snapshot cannot fill. */
    public List<String> missing(String template) {
        Matcher mt = SLOT.matcher(template);
        List<String> out = new java.util.ArrayList<>();
        while (mt.find()) {
            if (!values.containsKey(mt.group(1))) {
                out.add(mt.group(1));
            }
        }
        return out;
    }

    static String mb(long bytes) {
        double v = bytes / (1024.0 * 1024.0);
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f MB", v) : String.format(Locale.ROOT, "%.1f MB", v);
    }
}
