package kos.shell.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

/** The seed-list grammar: lists and ranges as written, a lone number as a count like {@link SeedRange}'s. */
class SeedListTest {
    private static final List<Long> DEFAULTS = List.of(101L, 102L, 103L);

    @Test
    void listsAndRangesKeepTheirOrder() {
        assertEquals(List.of(7L, 1L, 2L, 5L, 6L), SeedList.parse("7,1,2,5..6", DEFAULTS));
        assertEquals(List.of(7L), SeedList.parse("7..7", DEFAULTS));
        assertEquals(DEFAULTS, SeedList.parse(" ", DEFAULTS));
    }

    @Test
    void aLoneNumberCountsFromTheFirstDefaultSeed() {
        assertEquals(List.of(101L, 102L, 103L, 104L, 105L), SeedList.parse("5", DEFAULTS));
        assertEquals(List.of(101L), SeedList.parse("1", DEFAULTS));
    }

    @Test
    void aZeroOrHugeCountIsRefusedWithTheWayToNameOneSeed() {
        KosException zero = assertThrows(KosException.class, () -> SeedList.parse("0", DEFAULTS));
        assertTrue(
                zero.getMessage().contains("count of seeds")
                        && zero.getMessage().contains("0..0"),
                zero::getMessage);
        assertThrows(KosException.class, () -> SeedList.parse("99999999999999999999", DEFAULTS));
        assertThrows(KosException.class, () -> SeedList.parse("5..3", DEFAULTS));
        assertThrows(KosException.class, () -> SeedList.parse("a,b", DEFAULTS));
    }
}
