package kos.shell.hostile;

import kos.lora.peft.ModelsDir;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C (session.interrupt() from another thread, as the REPL's signal handler calls it) stops
 * each long command within a second and leaves the session usable.
 */
class InterruptTest {
    /** Starts {@code line}, interrupts it after {@code afterMs}, and returns how long it took to stop, in ms. */
    private static long stopTime(ShellHarness h, String line, long afterMs) throws Exception {
        AtomicLong interruptedAt = new AtomicLong();
        Thread ctrlC = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(afterMs);
                interruptedAt.set(System.nanoTime());
                h.session.interrupt();
            } catch (InterruptedException ignored) {
                // finished first
            }
        });
        h.clear();
        int code = h.exec(line);
        long end = System.nanoTime();
        ctrlC.interrupt();
        ctrlC.join();
        Hostile.check(line, code, h.out(), h.err());
        assertTrue(interruptedAt.get() != 0, line + " finished before Ctrl-C (exit " + code + "): make it longer");
        assertEquals(CommandRunner.FAILED, code, line + ": " + h.err());
        assertTrue(h.err().contains("interrupted") || h.err().contains("cancelled"), line + ": " + h.err());
        assertEquals(CommandRunner.OK, h.exec("sim status"), "the session is usable after " + line);
        return (end - interruptedAt.get()) / 1_000_000;
    }

    @Test
    void longCommandsStopWithinASecond(@TempDir Path tmp) throws Exception {
        ShellHarness h = new ShellHarness();
        long replay = stopTime(h, "sched replay --policy rr --list 1000000", 400);
        long eval = stopTime(h, "schedctl eval --seeds 40 --tasks 400 --threads 1", 400);
        StringBuilder data = new StringBuilder();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 4000; i++) {
            data.append("{\"input\": [").append(r.nextDouble()).append(", ").append(r.nextDouble()).append("], \"target\": [")
                    .append(r.nextDouble()).append("]}\n");
        }
        Path d = tmp.resolve("d.jsonl");
        Files.writeString(d, data);
        long train = stopTime(h, "loractl train --data " + d + " --name t --epochs 100000 --patience 0 --batch 1 --models "
                + tmp.resolve("m"), 1500);
        assertTrue(!Files.exists(tmp.resolve("m").resolve("t")), "an interrupted training saves nothing");
        assertTrue(replay < 1000 && eval < 1000 && train < 1000,
                "stop times: replay " + replay + " ms, eval " + eval + " ms, train " + train + " ms");
    }
}
