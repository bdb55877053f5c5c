package kos.shell;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import picocli.CommandLine;

/**
 * Where a command's code lives, printed at the end of its help and in docs/commands.md, so that a
 * command's name leads to its source file without a search.
 */
final class CodeLocation {
    private CodeLocation() {}

    /** The source file of {@code type} (nested classes are named after their file's class), from the kos root. */
    static String of(Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String file = "shell/src/main/java/" + top.getName().replace('.', '/') + ".java";
        return top == type ? file : file + " (" + type.getSimpleName() + ")";
    }

    /** Appends the code location to the help footer of every command in the tree. */
    static void addToHelp(CommandLine root) {
        addToHelp(root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void addToHelp(CommandLine cl, Set<CommandLine> done) {
        if (!done.add(cl)) {
            return; // an alias: the same command under another name
        }
        Object command = cl.getCommandSpec().userObject();
        if (command != null && !(command instanceof HelpCommand)) {
            CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
            String[] footer = usage.footer();
            String[] withCode = Arrays.copyOf(footer, footer.length + 1);
            withCode[footer.length] = "Code: " + of(command.getClass());
            usage.footer(withCode);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            addToHelp(sub, done);
        }
    }
}
