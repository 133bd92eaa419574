package io.tributary.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The `tributary` command as a user runs it: help, clear errors, and produce/consume against a real broker. */
@ExtendWith(SharedInfrastructure.class)
class CommandLineIT {

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        // System.out is swapped before the CommandLine is built: picocli's default execution strategy remembers the
        // System.out of its construction and re-applies it over setOut() when System.out has changed since.
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        CommandLine cli = TributaryCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        StringWriter outWriter = new StringWriter();
        cli.setOut(new PrintWriter(outWriter));
        try {
            int exit = cli.execute(args);
            return new Run(exit, outWriter + captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void helpListsEverySubcommandAndEachHasItsOwnHelp() {
        Run help = run("--help");
        assertEquals(0, help.exit());
        for (String sub : List.of("demo", "serve", "produce", "consume", "model", "dimensionality")) {
            assertTrue(help.out().contains(sub), "help mentions " + sub + ":\n" + help.out());
            Run subHelp = run(sub, "--help");
            assertEquals(0, subHelp.exit(), sub + " --help");
            assertTrue(subHelp.out().contains("Usage: tributary " + sub), subHelp.out());
        }
    }

    @Test
    void badConfigAndBadInputGiveOneClearErrorLineAndExitCode2(@TempDir Path dir) throws Exception {
        Run missing = run("serve", "--config", dir.resolve("nope.yaml").toString(), "--bootstrap", "localhost:1");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("does not exist"), missing.err());

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "models: [{name: m, task: regression, algorithm: linear_regression, features: {dimension: 2}, hyperparameters: {learning_rte: 1}}]");
        Run badConfig = run("serve", "--config", typo.toString(), "--bootstrap", "localhost:1");
        assertEquals(2, badConfig.exit());
        assertTrue(badConfig.err().contains("learning_rte"), badConfig.err());
        assertTrue(!badConfig.err().contains("\tat "), "no stack trace for a user error");

        Path lines = dir.resolve("events.jsonl");
        Files.writeString(lines, "{\"dense\":[1,2]}\n{\"dense\":[1,2],\"lable\":1}\n");
        String topic = TestTopics.unique("cli-bad");
        Run noTopic = run("produce", "--bootstrap", SharedInfrastructure.bootstrapServers(), "--topic", topic, "--file", lines.toString());
        assertEquals(2, noTopic.exit());
        assertTrue(noTopic.err().contains("does not exist"), noTopic.err());

        SharedInfrastructure.kafka().createTopic(topic, 1);
        Run badLine = run("produce", "--bootstrap", SharedInfrastructure.bootstrapServers(), "--topic", topic, "--file", lines.toString());
        assertEquals(2, badLine.exit());
        assertTrue(badLine.err().contains("line 2") && badLine.err().contains("lable") && badLine.err().contains("nothing was sent"),
                badLine.err());
        Run nothing = run("consume", "--bootstrap", SharedInfrastructure.bootstrapServers(), "--topic", topic, "--from-beginning",
                "--timeout", "3");
        assertEquals(0, nothing.exit(), nothing.err());
        assertEquals(0, nothing.out().lines().filter(l -> l.startsWith("{")).count(), "the valid first line was not sent either");

        Run badFormat = run("produce", "--bootstrap", "localhost:1", "--format", "xml", "--synthetic", "hyperplane");
        assertEquals(2, badFormat.exit());
        assertTrue(badFormat.err().contains("xml"), badFormat.err());
    }

    @Test
    void produceThenConsumeRoundTripsEventsThroughTheBroker(@TempDir Path dir) throws Exception {
        String topic = TestTopics.unique("cli-roundtrip");
        SharedInfrastructure.kafka().createTopic(topic, 1);
        String bootstrap = SharedInfrastructure.bootstrapServers();

        Run synthetic = run("produce", "--bootstrap", bootstrap, "--topic", topic, "--synthetic", "hyperplane", "--count", "50");
        assertEquals(0, synthetic.exit(), synthetic.err());
        Path lines = dir.resolve("events.jsonl");
        Files.writeString(lines, "user-1\t{\"eventId\":\"mine\",\"named\":{\"age\":31.0},\"label\":\"yes\"}\n");
        Run fromFile = run("produce", "--bootstrap", bootstrap, "--topic", topic, "--file", lines.toString(), "--key-separator", "\t");
        assertEquals(0, fromFile.exit(), fromFile.err());

        Run consumed = run("consume", "--bootstrap", bootstrap, "--topic", topic, "--from-beginning", "--max", "51", "--timeout", "30", "--headers");
        assertEquals(0, consumed.exit(), consumed.err());
        List<String> out = consumed.out().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(51, out.size(), consumed.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(out.get(0));
        assertEquals(16, first.get("value").get("dense").size());
        JsonNode last = json.readTree(out.get(50));
        assertEquals("user-1", last.get("key").asText());
        assertEquals("mine", last.get("value").get("eventId").asText());
        assertEquals("yes", last.get("value").get("label").asText());
    }

    @Test
    void dimensionalityExportsTheTrackedLayersOfModelMetricsAsCsv(@TempDir Path dir) throws Exception {
        String topic = TestTopics.unique("cli-dims");
        SharedInfrastructure.kafka().createTopic(topic, 1);
        var measures = List.of(
                io.tributary.events.LayerMeasures.newBuilder().setLayer(1).setStableRank(3.5).setParticipationRatio(2.25)
                        .setComponents90(4).setNuclearNormRatio(0.75).build(),
                io.tributary.events.LayerMeasures.newBuilder().setLayer(2).setStableRank(1.5).setParticipationRatio(1.25)
                        .setComponents90(2).setNuclearNormRatio(0.5).build());
        io.tributary.events.ModelMetrics tracked = io.tributary.events.ModelMetrics.newBuilder().setModel("net").setModelVersion(80)
                .setTask(io.tributary.events.Task.REGRESSION).setPartition(1).setWindow(1000).setWindowCount(80).setPredictions(80)
                .setLabelled(80).setEmittedAt(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
                .setDimensionality(io.tributary.events.Dimensionality.newBuilder().setStep(10).setLoss(0.5).setGradientNorm(2.0)
                        .setLayers(measures).setJumps(1).setJump(io.tributary.events.DimensionalityJumpEvent.newBuilder().setStep(10)
                                .setSeries("loss").setPrevious(0.1).setValue(0.5).setScore(9.0).build()).build())
                .build();
        io.tributary.events.ModelMetrics untracked = io.tributary.events.ModelMetrics.newBuilder(tracked).setModel("linear")
                .setDimensionality(null).build();
        var serializer = io.tributary.events.EventSerdes.json(io.tributary.events.ModelMetrics.class).serializer();
        io.tributary.runtime.testing.TestClients.produce(SharedInfrastructure.bootstrapServers(), topic, java.util.Map.of(
                "net", new String(serializer.serialize(topic, tracked), java.nio.charset.StandardCharsets.UTF_8),
                "linear", new String(serializer.serialize(topic, untracked), java.nio.charset.StandardCharsets.UTF_8)));
        Path csv = dir.resolve("dims.csv");
        Run export = run("dimensionality", "--bootstrap", SharedInfrastructure.bootstrapServers(), "--topic", topic,
                "--out", csv.toString(), "--timeout", "3");
        assertEquals(0, export.exit(), export.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(List.of(DimensionalityCommand.HEADER,
                "2023-11-14T22:13:20Z,net,1,10,0.5,2.0,1,3.5,2.25,4,0.75,loss,9.0",
                "2023-11-14T22:13:20Z,net,1,10,0.5,2.0,2,1.5,1.25,2,0.5,loss,9.0"), lines);
    }
}
