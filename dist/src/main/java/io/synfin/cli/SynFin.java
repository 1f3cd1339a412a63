package io.synfin.cli;

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
        description = "SynFin follows every TCP connection through its whole life and reports what happened to it.",
        subcommands = {SegmentsCommand.class, AnalyzeCommand.class, GenerateCommand.class, BrokerCommand.class, AgentCommand.class, TailCommand.class, JobCommand.class, DemoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class SynFin {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new SynFin()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SynFin.class.getPackage().getImplementationVersion();
            return new String[] {"synfin " + (version == null ? "dev" : version)};
        }
    }
}
