package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level command builds only the sub-command it runs, and every one for help and mistakes. */
class SynFinTest {

    private static final String[] ALL = {
        "segments", "analyze", "generate", "broker", "agent", "tail", "job", "demo", "bench", "help"
    };

    @Test
    void aNamedSubCommandIsTheOnlyOneBuilt() {
        assertThat(SynFin.commandLine(new String[] {"analyze", "x.pcap"}).getSubcommands()).containsOnlyKeys("analyze");
        assertThat(SynFin.commandLine(new String[] {"job", "--bounded"}).getSubcommands()).containsOnlyKeys("job");
    }

    @Test
    void helpNoArgumentsAndUnknownNamesBuildEverySubCommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "analyze"}, {"analyse"}}) {
            assertThat(SynFin.commandLine(args).getSubcommands().keySet()).containsExactly(ALL);
        }
    }

    @Test
    void subCommandHelpAndErrorsNameTheWholeCommand() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = SynFin.commandLine(new String[] {"analyze"});
        line.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertThat(line.execute("analyze", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: synfin analyze ");

        CommandLine typo = SynFin.commandLine(new String[] {"analyse"});
        typo.setErr(new PrintWriter(err));
        assertThat(typo.execute("analyse")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'analyse'").contains("analyze");
    }
}
