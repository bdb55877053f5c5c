package kos.shell;

import java.util.Map;
import picocli.CommandLine;

/**
 * Renders docs/commands.md from the command tree itself, so the reference cannot drift from the
 * code: every command and subcommand with its help text, in the order {@code help} lists them.
 * {@code CommandDocsTest} fails when the checked-in file differs from what this renders.
 */
public final class CommandDocs {
    private CommandDocs() {}

    public static String render(CommandLine root) {
        StringBuilder sb = new StringBuilder();
        sb.append("# kos commands\n\n")
                .append(
                        "Generated from the command definitions (`CommandDocs`); do not edit by hand. Regenerate with\n")
                .append(
                        "`./kos test -pl shell -am -Dtest=CommandDocsTest -Dkos.docs.update=true -Dsurefire.failIfNoSpecifiedTests=false`.\n\n")
                .append(
                        "Every command takes `--help`. Report and status commands take `--json` and then print one JSON\n")
                .append(
                        "document and nothing else on stdout. Durations take the units ns, us, ms, s, m, h; sizes B, KiB,\n")
                .append(
                        "MiB, GiB. Exit codes: 0 success, 1 the command failed, 2 usage error. In scripts a failing line\n")
                .append("is reported as `file:line: message`.\n\n");
        sb.append("## Contents\n\n");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            if (isPrimaryName(e)) {
                sb.append("- [")
                        .append(e.getKey())
                        .append("](#")
                        .append(e.getKey())
                        .append(")\n");
            }
        }
        sb.append('\n');
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            if (isPrimaryName(e)) {
                section(sb, e.getValue(), 2);
            }
        }
        return sb.toString();
    }

    private static boolean isPrimaryName(Map.Entry<String, CommandLine> e) {
        return e.getKey().equals(e.getValue().getCommandName());
    }

    private static void section(StringBuilder sb, CommandLine cl, int level) {
        String name = cl.getCommandSpec().qualifiedName(" ").replaceFirst("^kos ", "");
        sb.append("#".repeat(Math.min(level, 4)))
                .append(' ')
                .append(name)
                .append("\n\n```\n")
                .append(cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
                .append("\n```\n\n");
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (isPrimaryName(e)) {
                section(sb, e.getValue(), level + 1);
            }
        }
    }
}
