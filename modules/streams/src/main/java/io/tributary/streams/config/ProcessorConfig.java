package io.tributary.streams.config;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The processor's own settings, declared with Kafka's {@link ConfigDef} the way {@code StreamsConfig} is:
 * every key is a constant with its documentation, type, default and validator, so a typo or a bad value
 * fails at start-up with a message naming the key. Raw Kafka Streams settings go in the YAML file's
 * {@code streams:} section instead and are passed through untouched.
 */
public final class ProcessorConfig extends AbstractConfig {

    public static final String APPLICATION_ID = "application.id";
    private static final String APPLICATION_ID_DOC =
            "Kafka Streams application id: the consumer group, the prefix of internal topics and of the default DLQ topic.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC =
            "Kafka bootstrap servers (host:port, comma-separated). The command line's --bootstrap overrides it.";

    public static final String TOPIC_FEATURES = "topic.features";
    private static final String TOPIC_FEATURES_DOC = "Input topic of FeatureEvent records (JSON or Confluent-format Avro, detected per record).";

    public static final String TOPIC_PREDICTIONS = "topic.predictions";
    private static final String TOPIC_PREDICTIONS_DOC = "Output topic of Prediction records, keyed like the input.";

    public static final String TOPIC_DLQ = "topic.dlq";
    private static final String TOPIC_DLQ_DOC =
            "Dead-letter topic: the original key and bytes of each rejected record, with the reason in headers. Empty means '<application.id>.dlq'.";

    public static final String TOPIC_MODEL_METRICS = "topic.model.metrics";
    private static final String TOPIC_MODEL_METRICS_DOC =
            "Topic of ModelMetrics records: each model replica's prequential metrics, every metrics.emit.interval.ms.";

    public static final String TOPIC_MODELS = "topic.models";
    private static final String TOPIC_MODELS_DOC =
            "Compacted topic of ModelSnapshot records keyed by model name (JSON or Confluent-format Avro): the latest snapshot of a "
                    + "model with a higher version than the one a replica last applied replaces that replica's learner (hot swap).";

    public static final String TOPIC_MIXING = "topic.mixing";
    private static final String TOPIC_MIXING_DOC =
            "Compacted topic through which the replicas of global models (scope: global) exchange their parameters (ParameterUpdate, "
                    + "keyed 'model/partition'). Empty means '<application.id>.mixing'. Used only when a model is global.";

    public static final String LABELS_ENABLED = "labels.enabled";
    private static final String LABELS_ENABLED_DOC =
            "Delayed labels: join labels from topic.labels (keyed by event id) to the earlier predictions of unlabelled events that carry "
                    + "an eventId, then score and learn. Each such prediction is kept for labels.window.ms (internal topics "
                    + "'<application.id>.pending' and '<application.id>.label-joins').";

    public static final String TOPIC_LABELS = "topic.labels";
    private static final String TOPIC_LABELS_DOC = "Topic of LabelEvent records keyed by event id (delayed labels, when labels.enabled).";

    public static final String LABELS_WINDOW_MS = "labels.window.ms";
    private static final String LABELS_WINDOW_MS_DOC =
            "How long (processing time) a prediction waits for its label, and a label for its prediction. A label later than that, or "
                    + "for an event never predicted, goes to the DLQ (late_label, unknown_event).";

    public static final String METRICS_EMIT_INTERVAL_MS = "metrics.emit.interval.ms";
    private static final String METRICS_EMIT_INTERVAL_MS_DOC =
            "How often (wall-clock) each model replica publishes its ModelMetrics record, when it has seen new events; 0 turns it off.";

    public static final String OUTPUT_FORMAT = "output.format";
    private static final String OUTPUT_FORMAT_DOC =
            "Format of records written to the predictions topic: 'json' or 'avro' (Confluent wire format; needs schema.registry.url).";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC =
            "Base URL of a Confluent-compatible schema registry, e.g. http://localhost:8081 or Apicurio's http://host:8080/apis/ccompat/v7. "
                    + "Needed to read Avro input and to write Avro output.";

    public static final String METRICS_WINDOW = "metrics.window";
    private static final String METRICS_WINDOW_DOC =
            "Size of the sliding window (in labelled events) over which prequential accuracy, log-loss, MAE and RMSE are computed.";

    public static final String METRICS_FADING_FACTOR = "metrics.fading.factor";
    private static final String METRICS_FADING_FACTOR_DOC =
            "Fading factor alpha in (0, 1] of the fading prequential metrics (fading accuracy, log-loss, MAE, RMSE): each older "
                    + "labelled event weighs alpha times the next, an effective memory of about 1/(1-alpha) events. 0 turns them off.";

    public static final String TOPICS_CREATE = "topics.create";
    private static final String TOPICS_CREATE_DOC = "Create the input, output, DLQ, model-metrics and (compacted, one partition) models topics at start-up when they do not exist.";

    public static final String TOPICS_PARTITIONS = "topics.partitions";
    private static final String TOPICS_PARTITIONS_DOC = "Partitions for topics created at start-up (the unit of parallelism).";

    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    private static final String TOPICS_REPLICATION_FACTOR_DOC = "Replication factor for topics created at start-up; -1 means the broker default.";

    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    private static final String PROCESSING_GUARANTEE_DOC =
            "exactly_once_v2 (default: model state, offsets and outputs commit atomically) or at_least_once (faster; a crash may learn a record twice).";

    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC =
            "How often Kafka Streams commits (and, under exactly-once, how long predictions wait before consumers reading committed data see them).";

    public static final String STATE_DIR = "state.dir";
    private static final String STATE_DIR_DOC = "Directory for local state stores (empty: a folder under java.io.tmpdir).";

    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    private static final String NUM_STREAM_THREADS_DOC = "Stream threads in this instance; tasks (partitions) are spread over them.";

    public static final String MODEL_STORE_NAME = "tributary-models";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "tributary", new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
            .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", new ConfigDef.NonEmptyString(), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(TOPIC_FEATURES, Type.STRING, "features", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_FEATURES_DOC)
            .define(TOPIC_PREDICTIONS, Type.STRING, "predictions", new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_PREDICTIONS_DOC)
            .define(TOPIC_DLQ, Type.STRING, "", Importance.MEDIUM, TOPIC_DLQ_DOC)
            .define(TOPIC_MODEL_METRICS, Type.STRING, "model-metrics", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    TOPIC_MODEL_METRICS_DOC)
            .define(TOPIC_MODELS, Type.STRING, "models", new ConfigDef.NonEmptyString(), Importance.MEDIUM, TOPIC_MODELS_DOC)
            .define(TOPIC_MIXING, Type.STRING, "", Importance.LOW, TOPIC_MIXING_DOC)
            .define(LABELS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM, LABELS_ENABLED_DOC)
            .define(TOPIC_LABELS, Type.STRING, "labels", new ConfigDef.NonEmptyString(), Importance.MEDIUM, TOPIC_LABELS_DOC)
            .define(LABELS_WINDOW_MS, Type.LONG, 3_600_000L, Range.atLeast(1), Importance.MEDIUM, LABELS_WINDOW_MS_DOC)
            .define(METRICS_EMIT_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW, METRICS_EMIT_INTERVAL_MS_DOC)
            .define(OUTPUT_FORMAT, Type.STRING, "json", ValidString.in("json", "avro"), Importance.MEDIUM, OUTPUT_FORMAT_DOC)
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.MEDIUM, SCHEMA_REGISTRY_URL_DOC)
            .define(METRICS_WINDOW, Type.INT, 1000, Range.between(10, 10_000_000), Importance.MEDIUM, METRICS_WINDOW_DOC)
            .define(METRICS_FADING_FACTOR, Type.DOUBLE, 0.999, Range.between(0.0, 1.0), Importance.LOW, METRICS_FADING_FACTOR_DOC)
            .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.LOW, TOPICS_CREATE_DOC)
            .define(TOPICS_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.LOW, TOPICS_PARTITIONS_DOC)
            .define(TOPICS_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.LOW, TOPICS_REPLICATION_FACTOR_DOC)
            .define(PROCESSING_GUARANTEE, Type.STRING, "exactly_once_v2", ValidString.in("exactly_once_v2", "at_least_once"),
                    Importance.MEDIUM, PROCESSING_GUARANTEE_DOC)
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW, COMMIT_INTERVAL_MS_DOC)
            .define(STATE_DIR, Type.STRING, "", Importance.LOW, STATE_DIR_DOC)
            .define(NUM_STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.LOW, NUM_STREAM_THREADS_DOC);

    public ProcessorConfig(Map<String, ?> values) {
        super(DEFINITION, values, false);
        if ("avro".equals(outputFormat()) && schemaRegistryUrl().isEmpty()) {
            throw new ConfigException(OUTPUT_FORMAT + "=avro needs " + SCHEMA_REGISTRY_URL + " to be set");
        }
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    public String featuresTopic() {
        return getString(TOPIC_FEATURES);
    }

    public String predictionsTopic() {
        return getString(TOPIC_PREDICTIONS);
    }

    public String dlqTopic() {
        String dlq = getString(TOPIC_DLQ);
        return dlq.isBlank() ? applicationId() + ".dlq" : dlq;
    }

    public String modelMetricsTopic() {
        return getString(TOPIC_MODEL_METRICS);
    }

    public String modelsTopic() {
        return getString(TOPIC_MODELS);
    }

    public String mixingTopic() {
        String mixing = getString(TOPIC_MIXING);
        return mixing.isBlank() ? applicationId() + ".mixing" : mixing;
    }

    public boolean labelsEnabled() {
        return getBoolean(LABELS_ENABLED);
    }

    public String labelsTopic() {
        return getString(TOPIC_LABELS);
    }

    public long labelsWindowMs() {
        return getLong(LABELS_WINDOW_MS);
    }

    /** Internal: unlabelled predictions waiting for their label, keyed by event id (co-partitioned with the labels topic). */
    public String pendingTopic() {
        return applicationId() + ".pending";
    }

    /** Internal: predictions joined with their label, on the partition of the task that made them. */
    public String labelJoinsTopic() {
        return applicationId() + ".label-joins";
    }

    public long metricsEmitIntervalMs() {
        return getLong(METRICS_EMIT_INTERVAL_MS);
    }

    public String outputFormat() {
        return getString(OUTPUT_FORMAT).toLowerCase(Locale.ROOT);
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL).trim();
    }

    public int metricsWindow() {
        return getInt(METRICS_WINDOW);
    }

    public double metricsFadingFactor() {
        return getDouble(METRICS_FADING_FACTOR);
    }

    public boolean createTopics() {
        return getBoolean(TOPICS_CREATE);
    }

    public int topicPartitions() {
        return getInt(TOPICS_PARTITIONS);
    }

    public short topicReplicationFactor() {
        return getShort(TOPICS_REPLICATION_FACTOR);
    }

    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS);
    }

    public String stateDir() {
        return getString(STATE_DIR);
    }

    public int numStreamThreads() {
        return getInt(NUM_STREAM_THREADS);
    }
}
