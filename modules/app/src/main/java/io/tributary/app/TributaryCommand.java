package io.tributary.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tributary} command. Each subcommand is one thing a user does: run the demo, serve, produce, consume. */
@Command(
        name = "tributary",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryCommand.Version.class,
        description = "Online learning on Apache Kafka: predict on every feature event, learn from the labelled ones.",
        subcommands = {DemoCommand.class, ServeCommand.class, ProduceCommand.class, ConsumeCommand.class, ModelCommand.class, DimensionalityCommand.class,
                CommandLine.HelpCommand.class})
public final class TributaryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: user errors print one clear line (no stack trace) and exit with 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TributaryCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof org.apache.kafka.common.config.ConfigException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TributaryCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tributary " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
