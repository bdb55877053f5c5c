package kos.shell.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sweep writes --csv and --report; a bad path is refused before any run. */
class SweepOutputsTest {
    @Test
    void schedEvalWritesCsvAndReport(@TempDir Path dir) throws Exception {
        ShellHarness sh = new ShellHarness();
        Path csv = dir.resolve("sched.csv"), html = dir.resolve("sched.html");
        assertEquals(
                0,
                sh.exec("schedctl eval --seeds 2 --tasks 20 --mix mixed --load 0.7 --cpus 1 --policy cfs,srpt"
                        + " --threads 1 --csv " + csv + " --report " + html),
                sh.err());
        List<String> lines = Files.readAllLines(csv);
        assertTrue(
                lines.get(0).startsWith("mix,load,cpus,policy,seeds,mean_turnaround_ms,ci95_half_width_ms"),
                lines.get(0));
        assertEquals(3, lines.size(), "a header and one row per policy: " + lines);
        String page = Files.readString(html);
        assertTrue(page.replaceAll("\\s", "").contains("\"bars\":[{\"group\":\"cfs\""), "bars embedded");
    }

    @Test
    void aMissingDirectoryIsRefusedBeforeTheSweep(@TempDir Path dir) {
        ShellHarness sh = new ShellHarness();
        long t0 = System.nanoTime();
        assertEquals(1, sh.exec("crashctl eval --seeds 20 --csv " + dir.resolve("no/such.csv")));
        assertTrue(sh.err().contains("no such directory"), sh.err());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused before running 20 seeds");
        assertEquals(1, sh.exec("schedctl eval --report " + dir.resolve("r.txt")));
        assertFalse(Files.exists(dir.resolve("r.txt")));
    }

    @Test
    void csvCellsAreQuotedAndNumbersLocaleFree() {
        assertEquals("\"a,b\"", SweepOutputs.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", SweepOutputs.cell("say \"hi\""));
        assertEquals("", SweepOutputs.cell(Double.NaN));
        assertEquals("0.500000", SweepOutputs.cell(0.5));
    }

    record Row(String name, double value, List<Integer> nested) {}

    record Table(String title, List<Row> rows) {}

    @Test
    void csvOptionWritesTheReportsFirstTable(@TempDir Path dir) throws Exception {
        CsvOption o = new CsvOption();
        o.csv = dir.resolve("t.csv");
        o.check();
        o.write(
                new com.fasterxml.jackson.databind.ObjectMapper(),
                new Table("t", List.of(new Row("a,b", 0.5, List.of(1, 2)), new Row("c", 1, List.of()))));
        assertEquals(List.of("name,value,nested", "\"a,b\",0.5,\"[1,2]\"", "c,1.0,[]"), Files.readAllLines(o.csv));
        o.csv = dir.resolve("missing/t.csv");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(kos.sim.KosException.class, o::check)
                .getMessage()
                .contains("no such directory"));
    }
}
