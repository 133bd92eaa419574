package io.tributary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.FeatureEvent;
import io.tributary.events.SparseFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryBenchmarkTest {

    /** Lines in the shape {@link RecoveryBenchmark#LOG4J_CONFIG} writes, taken from a real processor log. */
    static final String LOG = """
            1795467788383 INFO  KafkaStreams - stream-client [app-26b5c267] Kafka Streams version: 4.1.1
            1795467788390 INFO  StateDirectory - Created new process id: 26b5c267-1380-4fd8-8621-fdd81c89c714
            1795467788793 INFO  StreamThread - stream-thread [app-StreamThread-1] Creating restore consumer client
            tributary: serving 1 model(s) from 'features' on localhost:52189; metrics at http://localhost:1/metrics
            1795467789200 INFO  KafkaStreams - stream-client [app] State transition from CREATED to REBALANCING
            1795467789309 INFO  TributaryProcessor - Processor 'app' started: features -> predictions (DLQ app.dlq)
            1795467792059 INFO  StreamThread - stream-thread [app-StreamThread-1] State transition from STARTING to PARTITIONS_ASSIGNED
            1795467792196 INFO  StoreChangelogReader - state-updater [app-StateUpdater-1] End offset for changelog app-tributary-models-changelog-0 initialized as 94.
            1795467792245 INFO  StoreChangelogReader - state-updater [app-StateUpdater-1] Restoration in progress for 1 partitions.
            1795467792321 INFO  StoreChangelogReader - state-updater [app-StateUpdater-1] Finished restoring changelog app-tributary-models-changelog-0 to store tributary-models with a total number of 47 records
            1795467792485 INFO  StreamThread - stream-thread [app-StreamThread-1] State transition from PARTITIONS_ASSIGNED to RUNNING
            	at org.apache.kafka.streams.Something.method(Something.java:1) to RUNNING
            1795467792487 INFO  KafkaStreams - stream-client [app] State transition from REBALANCING to RUNNING
            1795467799999 INFO  KafkaStreams - stream-client [app] State transition from RUNNING to REBALANCING
            1795467800100 INFO  KafkaStreams - stream-client [app] State transition from REBALANCING to RUNNING
            """;

    @Test
    void readsTheMilestonesOfARestartFromTheChildLog(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.log");
        Files.writeString(file, LOG);
        RecoveryBenchmark.ChildLog log = RecoveryBenchmark.ChildLog.read(file);
        assertEquals("26b5c267-1380-4fd8-8621-fdd81c89c714", log.processId());
        assertEquals(1795467788383L, log.firstLineAt());
        assertEquals(1795467789309L, log.processorStartedAt());
        assertEquals(1795467792059L, log.assignedAt());
        assertEquals(1795467792196L, log.restoreStartedAt());
        assertEquals(1795467792321L, log.restoreEndedAt());
        assertEquals(47, log.restoredRecords());
        // The client's first transition to RUNNING, not the stream thread's nor a later one.
        assertEquals(1795467792487L, log.runningAt());
    }

    @Test
    void aMilestoneMissingFromTheLogIsMinusOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.log");
        Files.writeString(file, LOG.lines()
                .filter(l -> !l.contains("StoreChangelogReader") && !l.contains("StateDirectory"))
                .reduce("", (a, b) -> a + b + "\n"));
        RecoveryBenchmark.ChildLog log = RecoveryBenchmark.ChildLog.read(file);
        assertNull(log.processId());
        assertEquals(-1, log.restoreStartedAt());
        assertEquals(-1, log.restoreEndedAt());
        assertEquals(-1, log.restoredRecords());
        assertEquals(1795467792487L, log.runningAt());
    }

    @Test
    void findsTheProcessIdInEachOfKafkaStreamsWordings(@TempDir Path dir) throws IOException {
        String id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        for (String message : List.of("Reading UUID from process file: " + id,
                "No process id found on disk, got fresh process id " + id)) {
            Path file = dir.resolve("run.log");
            Files.writeString(file, "1795467788390 INFO  StateDirectory - " + message + "\n");
            assertEquals(id, RecoveryBenchmark.ChildLog.read(file).processId(), message);
        }
    }

    @Test
    void parsesModelNames() {
        RecoveryBenchmark.ModelCase dense = RecoveryBenchmark.ModelCase.parse("dense_d100000");
        assertEquals(100_000, dense.dimension());
        assertTrue(!dense.ftrl());
        assertTrue(dense.yaml().contains("dimension: 100000") && dense.yaml().contains("layout: dense"));
        RecoveryBenchmark.ModelCase ftrl = RecoveryBenchmark.ModelCase.parse("ftrl_2^20");
        assertEquals(1 << 20, ftrl.dimension());
        assertTrue(ftrl.ftrl());
        assertEquals("ftrl_220", ftrl.slug());
        assertTrue(ftrl.yaml().contains("algorithm: ftrl") && ftrl.yaml().contains("layout: hashed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecoveryBenchmark.ModelCase.parse("dense_d10"))
                .getMessage().contains("d >= 50"));
        assertThrows(IllegalArgumentException.class, () -> RecoveryBenchmark.ModelCase.parse("ftrl_2^30"));
        assertThrows(IllegalArgumentException.class, () -> RecoveryBenchmark.ModelCase.parse("mlp"));
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class,
                () -> RecoveryBenchmark.Options.parse(new String[] {"--variants", "sometimes"}));
        assertThrows(IllegalArgumentException.class,
                () -> RecoveryBenchmark.Options.parse(new String[] {"--models", "dense_d100,dense_d100"}));
        assertThrows(IllegalArgumentException.class,
                () -> RecoveryBenchmark.Options.parse(
                        new String[] {"--session-timeout", "1000", "--heartbeat", "1500"}));
        assertEquals("recovery-static-mid-transaction", RecoveryBenchmark.Options.parse(
                new String[] {"--static-membership", "--variants", "mid-transaction"}).name());
    }

    @Test
    void denseEventsAreSparseAndLabelledByTheHiddenHyperplane() {
        RecoveryBenchmark.ModelCase model = RecoveryBenchmark.ModelCase.parse("dense_d1000");
        RecoveryBenchmark.EventMaker maker = new RecoveryBenchmark.EventMaker(model, 7L);
        int positives = 0;
        for (int e = 0; e < 200; e++) {
            FeatureEvent event = maker.next("e" + e);
            SparseFeatures x = event.getSparse();
            assertEquals(1000, x.getDimension());
            assertEquals(RecoveryBenchmark.NON_ZEROS, x.getIndices().size());
            assertEquals(RecoveryBenchmark.NON_ZEROS, x.getValues().size());
            double margin = 0;
            for (int k = 0; k < x.getIndices().size(); k++) {
                int i = x.getIndices().get(k);
                assertTrue(i >= 0 && i < 1000);
                assertTrue(k == 0 || i > x.getIndices().get(k - 1), "indices strictly increasing");
                margin += maker.hidden[i] * x.getValues().get(k);
            }
            assertEquals(margin > 0 ? 1.0 : 0.0, event.getLabel());
            positives += margin > 0 ? 1 : 0;
        }
        // A random hyperplane through the origin splits Gaussian points about evenly.
        assertTrue(positives > 60 && positives < 140, positives + " positives of 200");
    }

    @Test
    void ftrlEventsCarryAHundredNamedFeatures() {
        RecoveryBenchmark.EventMaker maker = new RecoveryBenchmark.EventMaker(
                RecoveryBenchmark.ModelCase.parse("ftrl_2^20"), 7L);
        int agree = 0;
        for (int e = 0; e < 1000; e++) {
            FeatureEvent event = maker.next("e" + e);
            Map<String, Double> named = event.getNamed();
            assertEquals(RecoveryBenchmark.FTRL_LOW_CARDINALITY + RecoveryBenchmark.FTRL_HIGH_CARDINALITY,
                    named.size());
            assertTrue(named.values().stream().allMatch(v -> v == 1.0));
            int c0 = named.keySet().stream().filter(k -> k.startsWith("c0="))
                    .mapToInt(k -> Integer.parseInt(k.substring(3))).findFirst().orElseThrow();
            agree += (c0 < 5) == ((Double) event.getLabel() == 1.0) ? 1 : 0;
        }
        // The label follows c0 < 5 except for 10 % noise: 900 expected, sd about 9.5.
        assertTrue(agree > 860 && agree < 940, agree + " of 1000 labels follow c0");
    }

    @Test
    void formatsByteCounts() {
        assertEquals("913 B", RecoveryBenchmark.bytes(913));
        assertEquals("80.1 kB", RecoveryBenchmark.bytes(80_113));
        assertEquals("5.7 MB", RecoveryBenchmark.bytes(5_740_702));
        assertEquals("?", RecoveryBenchmark.bytes(-1));
    }
}
