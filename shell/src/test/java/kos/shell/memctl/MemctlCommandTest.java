package kos.shell.memctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemctlCommandTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void memctlWithoutMemoryInitialisesTheDefaultZoneAndSaysSo() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(0, h.exec("memctl status --json"));
        assertTrue(h.err().contains("default 512.0MiB zone"), h.err());
        JsonNode n = json.readTree(h.out());
        assertEquals(131072, n.get("totalPages").asLong());
        assertEquals(131072, n.get("freePages").asLong());
    }

    @Test
    void buddyinfoHasTheProcFormat() throws Exception {
        ShellHarness h = new ShellHarness();
        h.exec("mem init 8MiB");
        h.clear();
        h.exec("memctl alloc 4KiB");
        h.clear();
        h.exec("memctl buddyinfo");
        assertEquals("Node 0, zone   Normal      1      1      1      1      1      1      1      1      1      1      1 \n", h.out());
        h.clear();
        h.exec("memctl buddyinfo --json");
        JsonNode n = json.readTree(h.out());
        assertEquals(11, n.get("free").size());
        assertEquals(1, n.get("free").get(10).asLong());
    }

    @Test
    void fragindexJsonCoversAllOrdersOrOne() throws Exception {
        ShellHarness h = new ShellHarness();
        h.exec("mem init 4MiB");
        h.clear();
        assertEquals(0, h.exec("memctl fragindex --json"));
        JsonNode all = json.readTree(h.out());
        assertEquals(11, all.size());
        assertEquals(-1000, all.get(10).get("fragmentationIndex").asInt());
        assertEquals(0, all.get(10).get("unusableIndex").asInt());
        h.clear();
        assertEquals(0, h.exec("memctl fragindex --order 3 --json"));
        assertEquals(3, json.readTree(h.out()).get("order").asInt());
        assertNotEquals(0, h.exec("memctl fragindex --order 11"));
    }

    @Test
    void allocFreeAndTheirErrors() throws Exception {
        ShellHarness h = new ShellHarness();
        h.exec("mem init 16MiB");
        h.clear();
        assertEquals(0, h.exec("memctl alloc 12KiB --type unmovable --json"));
        JsonNode a = json.readTree(h.out());
        assertEquals(2, a.get("order").asInt());
        long handle = a.get("handle").asLong();
        h.clear();
        assertEquals(0, h.exec("memctl free " + handle));
        h.clear();
        assertEquals(1, h.exec("memctl free " + handle));
        assertTrue(h.err().contains("already freed"), h.err());
        for (String bad : List.of("memctl alloc 5MiB", "memctl alloc 0", "memctl alloc -3KiB", "memctl alloc lots", "memctl alloc 4KiB --type squishy",
                "memctl alloc 4KiB --owner 99", "memctl oom-policy maybe", "mem init 5MiB", "memctl reclaim 0")) {
            h.clear();
            assertNotEquals(0, h.exec(bad), bad);
            assertFalse(h.err().contains("Exception"), bad + ": " + h.err());
            assertFalse(h.err().isBlank(), bad);
        }
    }

    @Test
    void reportsAreOneJsonDocument() throws Exception {
        ShellHarness h = new ShellHarness();
        h.exec("mem init 32MiB");
        for (String cmd : List.of("memctl status", "memctl watermarks", "memctl pressure", "memctl compact", "memctl reclaim", "memctl check")) {
            h.clear();
            assertEquals(0, h.exec(cmd + " --json"), cmd + ": " + h.err());
            JsonNode n = json.readTree(h.out());
            assertTrue(n.isObject(), cmd);
        }
        h.clear();
        h.exec("memctl watermarks --json");
        JsonNode w = json.readTree(h.out()); // 32 MiB: isqrt(32768 * 16) = 724 kB -> min 181, tmp max(45, 8) = 45
        assertEquals(181, w.get("minPages").asLong());
        assertEquals(226, w.get("lowPages").asLong());
        assertEquals(271, w.get("highPages").asLong());
    }

    @Test
    void oomPanicStopsTheRunAndKillContinues() {
        ShellHarness panic = new ShellHarness();
        panic.exec("mem init 16MiB --oom-policy panic");
        panic.exec("workload start leak --rate 64MiB/s");
        panic.clear();
        panic.exec("sim run 5s");
        assertTrue(panic.out().contains("kernel crashed"), panic.out());
        assertTrue(panic.out().contains("oom-lack-of-memory"), panic.out());

        ShellHarness kill = new ShellHarness();
        kill.exec("mem init 16MiB --oom-policy kill");
        kill.exec("workload start leak --rate 64MiB/s");
        kill.clear();
        kill.exec("sim run 5s");
        assertTrue(kill.out().startsWith("ran 5.000s"), kill.out());
        kill.clear();
        kill.exec("memctl status --json");
        assertTrue(kill.out().contains("\"oomKills\" : 1"), kill.out());
    }

    @Test
    void exampleScriptsRunWithoutError() throws Exception {
        Path dir = Path.of(System.getProperty("kos.home", "..")).resolve("examples");
        List<Path> scripts;
        try (Stream<Path> s = Files.list(dir)) {
            scripts = s.filter(p -> p.getFileName().toString().startsWith("mem-")).sorted().toList();
        }
        assertTrue(scripts.size() >= 4, "found " + scripts);
        for (Path p : scripts) {
            ShellHarness h = new ShellHarness();
            int code = h.runner.execute(List.of("run", p.toString()), null);
            assertEquals(0, code, p + ": " + h.err());
            if (p.getFileName().toString().equals("mem-stress.kos")) {
                assertTrue(h.out().contains("kernel crashed: oom-"), "the stress script ends in an OOM panic");
            }
            if (p.getFileName().toString().equals("mem-oom-kill.kos")) {
                assertTrue(h.out().contains("simulated 30.000s"), "the kill policy lets the run continue");
            }
        }
    }

    @Test
    void sameSeedSameDigest() throws Exception {
        Path script = Path.of(System.getProperty("kos.home", "..")).resolve("examples/mem-fragmentation.kos");
        ShellHarness a = new ShellHarness(), b = new ShellHarness();
        a.runner.execute(List.of("run", script.toString()), null);
        b.runner.execute(List.of("run", script.toString()), null);
        assertEquals(a.lastDigest(), b.lastDigest());
        ShellHarness c = new ShellHarness();
        c.runner.execute(List.of("run", script.toString(), "--seed", "7"), null);
        assertNotEquals(a.lastDigest(), c.lastDigest());
    }
}
