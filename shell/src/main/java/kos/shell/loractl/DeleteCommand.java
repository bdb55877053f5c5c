package kos.shell.loractl;

import kos.lora.peft.ModelsDir;
import kos.shell.ModelsOption;
import kos.shell.ShellCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code loractl delete}: removes an adapter from the models directory. */
@Command(name = "delete", description = "Delete an adapter from the models directory.")
final class DeleteCommand extends ShellCommand {
    @Parameters(paramLabel = "NAME", description = "The adapter's name.")
    String name;

    @Mixin
    ModelsOption models = new ModelsOption();

    @Override
    public void run() {
        ModelsDir m = models.get();
        m.delete(name);
        session.out().println("adapter " + name + " deleted from " + m.root());
    }
}
