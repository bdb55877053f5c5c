package kos.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The Picocli command tree, built as commands need it: the root on first use, a group's full model
 * when a command names the group, stand-ins (name and description only) when a command lists or
 * searches all groups. Building a group's model (reflection over every option of every subcommand)
 * is most of a start-up's work, so {@code version} builds none and {@code sim status} builds one.
 */
final class CommandTree {
    private final CommandLine.IFactory factory;
    /** Applied to the root and to every group as it is built: converters, streams, handlers. */
    private final Consumer<CommandLine> configure;
    /** The root of the tree, built on first use (see {@link #root()}). */
    private CommandLine root;
    /** Each group's entry in the tree so far: its full model, or a stand-in (see {@link #standIn}). */
    private final Map<Class<?>, CommandLine> groups = new HashMap<>();
    /** The groups whose full model is built. */
    private final Set<Class<?>> built = new HashSet<>();

    CommandTree(CommandLine.IFactory factory, Consumer<CommandLine> configure) {
        this.factory = factory;
        this.configure = configure;
    }

    /**
     * The root command with its own commands ({@code help}, {@code version}, ...), built on first
     * use: Picocli's first model costs a tenth of a second, which the REPL spends after drawing its
     * prompt.
     */
    private CommandLine root() {
        if (root == null) {
            root = new CommandLine(new KosCommand(), factory);
            configure.accept(root);
            CodeLocation.addToHelp(root);
            HelpText.reflow(root);
        }
        return root;
    }

    /**
     * Adds to the tree what {@code words} need: the full model of every group a word names (any word:
     * {@code help sim} needs {@code sim}), and a stand-in for every other group when the command lists
     * or looks among all of them ({@code help}, {@code --help}, a mistyped name and its suggestions).
     *
     * @return the root, ready to parse {@code words}
     */
    CommandLine prepare(List<String> words) {
        List<CommandLine> added = new ArrayList<>();
        for (String word : words) {
            Class<?> group = groupNamed(word);
            if (group != null && !built.contains(group)) {
                added.add(build(group));
            }
        }
        CommandLine first = root().getSubcommands().get(words.get(0));
        boolean all = first == null || first.getCommandSpec().userObject() instanceof HelpCommand;
        if (all && groups.size() < CommandGroups.GROUPS.size()) {
            for (Class<?> group : CommandGroups.GROUPS) {
                groups.computeIfAbsent(group, CommandTree::standIn);
            }
            added.add(root); // nothing new to configure, but the order to restore
        }
        place(added);
        return root;
    }

    /**
     * The group a word names: one already in the tree by its name, else the group whose class is
     * named after the word ({@code sim} -> {@code SimCommand}), a guess that spares reading every
     * group's annotation; a wrong guess only costs time (the word is then looked up among stand-ins).
     */
    private Class<?> groupNamed(String word) {
        for (Map.Entry<Class<?>, CommandLine> e : groups.entrySet()) {
            if (e.getValue().getCommandSpec().names().contains(word)) {
                return e.getKey();
            }
        }
        for (Class<?> group : CommandGroups.GROUPS) {
            String simple = group.getSimpleName();
            if (simple.endsWith("Command")
                    && simple.length() == word.length() + "Command".length()
                    && simple.regionMatches(true, 0, word, 0, word.length())) {
                return group;
            }
        }
        return null;
    }

    private CommandLine build(Class<?> group) {
        CommandLine cl = new CommandLine(group, factory);
        groups.put(group, cl);
        built.add(group);
        return cl;
    }

    /**
     * A group's stand-in until it is used: its name, aliases and description (what the root's help
     * lists) from its {@code @Command} annotation, without its options and subcommands.
     */
    private static CommandLine standIn(Class<?> group) {
        CommandLine.Command c = group.getAnnotation(CommandLine.Command.class);
        if (c == null || c.name().isEmpty() || c.name().startsWith("<")) {
            throw new IllegalStateException(group.getName() + " is listed in CommandGroups but has no @Command name");
        }
        CommandLine.Model.CommandSpec spec =
                CommandLine.Model.CommandSpec.create().name(c.name()).aliases(c.aliases());
        spec.usageMessage().header(c.header()).description(c.description()).hidden(c.hidden());
        HelpText.reflow(spec.usageMessage());
        return new CommandLine(spec);
    }

    /**
     * (Re)places the groups in the tree after the root's own commands, in {@link CommandGroups}' order
     * (help lists them in the order they were added), then configures the groups just built.
     */
    private void place(List<CommandLine> added) {
        if (added.isEmpty()) {
            return;
        }
        for (CommandLine cl : groups.values()) {
            for (String name : cl.getCommandSpec().names()) {
                root().getCommandSpec().removeSubcommand(name);
            }
        }
        for (Class<?> group : CommandGroups.GROUPS) {
            CommandLine cl = groups.get(group);
            if (cl != null) {
                root().getCommandSpec().addSubcommand(cl.getCommandName(), cl);
            }
        }
        for (CommandLine cl : added) {
            if (cl != root) {
                configure.accept(cl);
                CodeLocation.addToHelp(cl);
                HelpText.reflow(cl);
            }
        }
    }

    /** Whether any Picocli model exists yet (for tests: the REPL draws its prompt before one does). */
    boolean rootBuilt() {
        return root != null;
    }

    /** The names of the groups whose full model is built so far (for tests). */
    Set<String> builtGroups() {
        Set<String> names = new TreeSet<>();
        for (Class<?> group : built) {
            names.add(groups.get(group).getCommandName());
        }
        return names;
    }

    /** The whole tree, every group built (for completion and the command reference). */
    CommandLine full() {
        List<CommandLine> added = new ArrayList<>();
        for (Class<?> group : CommandGroups.GROUPS) {
            if (!built.contains(group)) {
                added.add(build(group));
            }
        }
        place(added);
        return root();
    }

    /** Runs {@code action} on the root if it exists (nothing to reset before the first command). */
    void ifBuilt(Consumer<CommandLine> action) {
        if (root != null) {
            action.accept(root);
        }
    }
}
