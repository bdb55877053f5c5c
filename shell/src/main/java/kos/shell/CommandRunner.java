package kos.shell;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Set;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SafeText;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs one command (as a list of words) against a session, for the REPL, scripts and single
 * commands alike, and turns every failure into one line on stderr and an exit code:
 * {@value #OK} success, {@value #FAILED} the command failed, {@value #USAGE} the words were wrong.
 */
public final class CommandRunner {
    public static final int OK = 0, FAILED = 1, USAGE = 2;

    private final Session session;
    private final CommandTree tree;

    private String where;
    private int scriptDepth;

    public CommandRunner(Session session) {
        this.session = session;
        this.tree = new CommandTree(new Factory(), this::configure);
        // Wiring every new simulation of the session gets: the task-mix workloads, attention policies
        // bound to their simulation, and the crash predictor and autonomy loop attached to whatever
        // memory a script creates.
        session.onNewSimulation(kos.sched.TaskMixes::registerIfAbsent);
        session.onNewSimulation(kos.shell.ml.MlWiring::wire);
        kos.shell.app.CrashWiring.of(session);
    }

    /**
     * The settings every command of the tree gets: converters, output streams, error handlers. Picocli
     * applies them to the subtree present when called, so a group built later gets them the same way.
     */
    private void configure(CommandLine cl) {
        Args.registerConverters(cl);
        cl.setOut(session.out());
        cl.setErr(session.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(this::onUsageError);
        cl.setExecutionExceptionHandler(this::onFailure);
        cl.setExecutionStrategy(parsed -> {
            session.jsonOutput(asksForJson(parsed));
            return new CommandLine.RunLast().execute(parsed);
        });
    }

    /** Whether any Picocli model exists yet (for tests: the REPL draws its prompt before one does). */
    boolean rootBuilt() {
        return tree.rootBuilt();
    }

    /** The names of the groups whose full model is built so far (for tests). */
    Set<String> builtGroups() {
        return tree.builtGroups();
    }

    /** The whole command tree, every group built (for completion and the command reference). */
    public CommandLine commandLine() {
        return tree.full();
    }

    public Session session() {
        return session;
    }

    /** How many scripts are running inside each other. */
    int scriptDepth() {
        return scriptDepth;
    }

    void scriptDepth(int delta) {
        scriptDepth += delta;
    }

    /**
     * Executes one command.
     *
     * @param words the command's words, e.g. {@code [sim, run, 10s]}
     * @param place where the command came from ({@code file:line}), or null in the REPL and for single commands
     * @return the exit code
     */
    public int execute(List<String> words, String place) {
        if (words.isEmpty()) {
            return OK;
        }
        String saved = where;
        where = place;
        session.clearInterrupt();
        try {
            CommandLine root = tree.prepare(words);
            int code = root.execute(words.toArray(String[]::new));
            if (code == OK) {
                session.recordCommand(words);
            }
            return code;
        } finally {
            tree.ifBuilt(CommandRunner::clearUnmatched);
            session.out().flush();
            session.err().flush();
            where = saved;
        }
    }

    /**
     * Empties every {@code @Unmatched} list in the tree. Picocli reuses command objects and appends
     * unmatched words to the same list on each parse (even a failed one), so without this a command
     * would see the previous command's words too.
     */
    private static void clearUnmatched(CommandLine cl) {
        for (CommandLine.Model.UnmatchedArgsBinding b : cl.getCommandSpec().unmatchedArgsBindings()) {
            try {
                Object v = b.getter().get();
                if (v instanceof java.util.Collection<?> c) {
                    c.clear();
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot reset unmatched arguments of " + cl.getCommandName(), e);
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            clearUnmatched(sub);
        }
    }

    /** The most characters of one error line. */
    public static final int MAX_ERROR = 1000;

    /** Whether the command being run was given {@code --json} (its output is for a program: no progress bar). */
    private static boolean asksForJson(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Prints a user-facing error the way every other error is printed: one line, control
     * characters escaped, at most {@value #MAX_ERROR} characters of message.
     */
    public void error(String place, String message) {
        session.err().println((place == null ? "error" : place) + ": " + SafeText.quote(message, MAX_ERROR));
        session.err().flush();
    }

    private int onUsageError(CommandLine.ParameterException ex, String[] args) {
        String msg = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException
                || ex instanceof CommandLine.MissingParameterException) {
            // picocli takes "-5s" for an unknown option (and then misses the value); say what it is: a negative value
            for (String arg : args) {
                if (Quantities.looksNegative(arg)) {
                    msg = "'" + SafeText.quote(arg, 60) + "' is negative: durations and sizes are never negative";
                    break;
                }
            }
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getSuggestions().isEmpty()) {
            msg += " (did you mean: " + String.join(", ", u.getSuggestions()) + "?)";
        }
        String cmd = ex.getCommandLine().getCommandSpec().qualifiedName(" ");
        error(
                where,
                msg + " (see '" + cmd.replaceFirst("^kos ?", "") + (cmd.equals("kos") ? "help" : " --help") + "')");
        return USAGE;
    }

    private int onFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof KosException) {
            error(where, ex.getMessage());
        } else {
            // The logger only now: setting up logging is a share of every start-up that needs none.
            LoggerFactory.getLogger(CommandRunner.class).debug("command failed", ex);
            error(where, "internal error: " + ex + " (run with -v for the stack trace; please report it)");
        }
        return FAILED;
    }

    /** Builds commands: every {@link ShellCommand} gets this runner and its session once, at creation. */
    private final class Factory implements CommandLine.IFactory {
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (ShellCommand.class.isAssignableFrom(cls)) {
                Constructor<K> c = cls.getDeclaredConstructor();
                c.setAccessible(true);
                K command = c.newInstance();
                ((ShellCommand) command).attach(CommandRunner.this);
                return command;
            }
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                Class<?>[] p = c.getParameterTypes();
                if (p.length == 1 && (p[0] == Session.class || p[0] == CommandRunner.class)) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(p[0] == Session.class ? session : CommandRunner.this));
                }
            }
            return fallback.create(cls);
        }
    }
}
