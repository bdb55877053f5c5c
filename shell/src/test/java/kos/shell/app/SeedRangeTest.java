package kos.shell.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SeedRangeTest {
    @Command(name = "sweep")
    static final class Sweep implements Runnable {
        @Mixin
        SeedRange seeds = new SeedRange(3, 101);

        @Override
        public void run() {}
    }

    private static SeedRange parse(String... args) {
        Sweep s = new Sweep();
        new CommandLine(s).parseArgs(args);
        return s.seeds;
    }

    @Test
    void defaultsAreTheCommands() {
        SeedRange r = parse();
        assertEquals(List.of(101L, 102L, 103L), r.list());
        assertEquals("101..103", r.toString());
    }

    @Test
    void countFromBaseAndRangeNameTheSameSeeds() {
        SeedRange count = parse("--seeds", "5", "--seed-base", "201");
        SeedRange range = parse("--seeds", "201..205");
        assertEquals(count.list(), range.list());
        assertEquals(201, range.first());
        assertEquals(205, range.last());
        assertEquals(5, range.count());
    }

    @Test
    void aRangeWithItsOwnBaseIsRefused() {
        KosException e = assertThrows(
                KosException.class,
                () -> parse("--seeds", "201..205", "--seed-base", "7").list());
        assertTrue(e.getMessage().contains("leave out --seed-base"), e.getMessage());
    }

    @Test
    void badCountsAndRangesNameTheProblem() {
        for (String bad : List.of("0", "-3", "x", "5..4", "1..")) {
            KosException e =
                    assertThrows(KosException.class, () -> parse("--seeds", bad).list(), bad);
            assertTrue(
                    e.getMessage().startsWith("--seeds") || e.getMessage().startsWith("bad --seeds"), e.getMessage());
        }
    }

    @Test
    void helpShowsTheCommandsDefaults() {
        String usage = new CommandLine(new Sweep()).getUsageMessage();
        assertTrue(usage.contains("(default 3)"), usage);
        assertTrue(usage.contains("(default 101)"), usage);
    }
}
