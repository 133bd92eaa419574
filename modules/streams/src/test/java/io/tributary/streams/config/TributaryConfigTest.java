package io.tributary.streams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Task;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TributaryConfigTest {

    static TributaryConfig parse(String yaml) {
        return TributaryConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", Map.of());
    }

    static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void theShippedConfigParsesWithTheDocumentedDefaults() {
        TributaryConfig cfg = TributaryConfig.load(Path.of("../../config/models.yaml"));
        assertEquals("tributary.dlq", cfg.processor().dlqTopic());
        assertEquals("exactly_once_v2", cfg.processor().processingGuarantee());
        ModelDefinition m = cfg.models().get(0);
        assertEquals(Task.BINARY_CLASSIFICATION, m.task());
        assertEquals(16, m.dimension());
        assertEquals(2, m.numClasses());
    }

    @Test
    void overridesReplaceProcessorKeys() {
        TributaryConfig cfg = TributaryConfig.parse(new ByteArrayInputStream("""
                processor: {bootstrap.servers: "a:1"}
                models: [{name: m, task: regression, algorithm: linear_regression, features: {dimension: 2}}]
                """.getBytes(StandardCharsets.UTF_8)), "t", Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, "b:2"));
        assertEquals("b:2", cfg.processor().bootstrapServers());
    }

    @Test
    void typosAndBadValuesAreErrorsThatSayWhere() {
        assertTrue(error("""
                processor: {topic.feature: x}
                models: [{name: m, task: regression, algorithm: linear_regression, features: {dimension: 2}}]
                """).contains("unknown key 'topic.feature'"));
        assertTrue(error("""
                models: [{name: m, task: regresion, algorithm: linear_regression, features: {dimension: 2}}]
                """).contains("models[0] ('m').task"));
        assertTrue(error("""
                models: [{name: m, task: regression, algorithm: linear_regression, features: {dimension: 0}}]
                """).contains("features.dimension"));
        assertTrue(error("""
                models: [{name: m, task: regression, algorithm: linear_regression, features: {dimension: 2},
                          hyperparameters: {learnig_rate: 0.1}}]
                """).contains("learnig_rate"));
        assertTrue(error("""
                models: [{name: m, task: regression, algorithm: no_such_algo, features: {dimension: 2}}]
                """).contains("no_such_algo"));
        assertTrue(error("""
                models:
                  - {name: m, task: regression, algorithm: linear_regression, features: {dimension: 2}}
                  - {name: m, task: regression, algorithm: linear_regression, features: {dimension: 2}}
                """).contains("duplicate model name"));
        assertTrue(error("""
                processor: {output.format: avro}
                models: [{name: m, task: regression, algorithm: linear_regression, features: {dimension: 2}}]
                """).contains("schema.registry.url"));
        assertTrue(error("""
                processor: {metrics.window: 1}
                models: [{name: m, task: regression, algorithm: linear_regression, features: {dimension: 2}}]
                """).contains("metrics.window"));
        assertTrue(error("""
                models: [{name: m, task: multiclass_classification, algorithm: softmax_regression, features: {dimension: 2}}]
                """).contains("classes"));
        assertTrue(error("models: []").contains("at least one model"));
        assertTrue(error("just a string").contains("mapping"));
    }

    @Test
    void multiclassTakesItsClassCountFromNamesOrNumber() {
        TributaryConfig cfg = parse("""
                models:
                  - {name: a, task: multiclass_classification, algorithm: softmax_regression, classes: [x, y, z], features: {dimension: 2}}
                  - {name: b, task: multiclass_classification, algorithm: softmax_regression, num_classes: 5, features: {dimension: 2}}
                """);
        assertEquals(3, cfg.models().get(0).numClasses());
        assertEquals(5, cfg.models().get(1).numClasses());
    }
}
