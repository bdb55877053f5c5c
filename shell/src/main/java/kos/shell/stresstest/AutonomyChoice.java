package kos.shell.stresstest;

import picocli.CommandLine.Option;

/** {@code --autonomy on|off|both}: which runs of a stress test to make. */
final class AutonomyChoice {
    @Option(
            names = "--autonomy",
            paramLabel = "on|off|both",
            defaultValue = "both",
            description = "Run with autonomy on, off, or both (default).")
    String value;
}
