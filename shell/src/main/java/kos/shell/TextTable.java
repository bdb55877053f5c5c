package kos.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for terminals: a header row, a rule, and rows with columns padded to their
 * widest cell. Columns whose cells all look numeric (a lone "-" for a missing value counts) are right-aligned.
 */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    public TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        int n = header.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
                numeric[c] &= looksNumeric(r.get(c));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width, numeric);
        for (int c = 0; c < n; c++) {
            sb.append("-".repeat(width[c])).append(c + 1 < n ? "  " : "");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r, width, numeric);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] numeric) {
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c);
            String pad = " ".repeat(width[c] - s.length());
            boolean last = c + 1 == cells.size();
            if (numeric[c]) {
                sb.append(pad).append(s);
            } else {
                sb.append(s).append(last ? "" : pad);
            }
            if (!last) {
                sb.append("  ");
            }
        }
        sb.append('\n');
    }

    private static boolean looksNumeric(String s) {
        return s.equals("-") || !s.isEmpty() && s.matches("[-+]?[0-9][0-9_.,]*(e[-+]?[0-9]+)?[%a-zA-Zµ]{0,3}");
    }
}
