package io.synfin.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code synfin} command. Each capability adds its sub-command here; the {@code ./synfin}
 * launcher at the repository root builds this module when needed and runs this class.
 */
@Command(
        name = "synfin",
        mixinStandardHelpOptions = true,
        versionProvider = SynFin.Version.class,
        description = "SynFin follows every TCP connection through its whole life and reports what happened to it.")
public final class SynFin {

    /** Every sub-command by name, in the order {@code --help} lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("segments", SegmentsCommand::new);
        SUBCOMMANDS.put("analyze", AnalyzeCommand::new);
        SUBCOMMANDS.put("generate", GenerateCommand::new);
        SUBCOMMANDS.put("broker", BrokerCommand::new);
        SUBCOMMANDS.put("agent", AgentCommand::new);
        SUBCOMMANDS.put("tail", TailCommand::new);
        SUBCOMMANDS.put("job", JobCommand::new);
        SUBCOMMANDS.put("demo", DemoCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every sub-command, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for these arguments. When the first argument names a sub-command (other than
     * {@code help}), only that one is built: picocli reflects over every registered command at start,
     * which costs a short command like {@code analyze} about a tenth of a second. Anything else (no
     * argument, {@code --help}, {@code help}, a typo) gets every sub-command, so usage and suggestions
     * list them all.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine line = new CommandLine(new SynFin()).setCaseInsensitiveEnumValuesAllowed(true);
        String first = args.length == 0 ? "" : args[0];
        Supplier<Object> only = "help".equals(first) ? null : SUBCOMMANDS.get(first);
        if (only != null) {
            line.addSubcommand(first, only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> line.addSubcommand(name, command.get()));
        }
        // Sub-commands added after construction inherit this setting only when it is set again.
        return line.setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SynFin.class.getPackage().getImplementationVersion();
            return new String[] {"synfin " + (version == null ? "dev" : version)};
        }
    }
}
