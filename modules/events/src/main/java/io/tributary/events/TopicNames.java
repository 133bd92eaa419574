package io.tributary.events;

/**
 * Default topic names (see DESIGN.md, "Topics"). Every name is configurable; these are what a fresh
 * installation, the demo and the docs use, so that producers written against the docs just work.
 */
public final class TopicNames {
  private TopicNames() {}

  /** Input events ({@code FeatureEvent}); key = entity or series id. Its partitions are the unit of parallelism. */
  public static final String FEATURES = "features";

  /** Delayed labels ({@code LabelEvent}); key = event id. Joined to the earlier predictions of that event. */
  public static final String LABELS = "labels";

  /** Model output ({@code Prediction}); key = entity id, copied from the input record. */
  public static final String PREDICTIONS = "predictions";

  /** Model snapshots ({@code ModelSnapshot}); key = model name. Compacted: the latest snapshot per model wins. */
  public static final String MODELS = "models";

  /** Prequential metrics, drift alarms and health ({@code ModelMetrics}); key = model name. */
  public static final String MODEL_METRICS = "model-metrics";

  /** Batch retraining requests for the GPU worker ({@code RetrainRequest}); key = model name. */
  public static final String RETRAIN_REQUESTS = "retrain.requests";

  /** Batch retraining results from the GPU worker; key = model name. */
  public static final String RETRAIN_RESULTS = "retrain.results";

  /** Suffix of dead-letter topics: {@code <app>.dlq} holds the original key and bytes plus error headers. */
  public static final String DLQ_SUFFIX = ".dlq";

  /** Prefix of every federated-learning topic: {@code fl.<federation>.…}. */
  public static final String FEDERATION_PREFIX = "fl.";

  /** The dead-letter topic of an application: {@code <app>.dlq}. */
  public static String dlq(String app) {
    return requireValid(requirePart("app", app) + DLQ_SUFFIX);
  }

  /** Coordinator to clients: round announcements of a federation, {@code fl.<federation>.rounds}. */
  public static String federationRounds(String federation) {
    return requireValid(FEDERATION_PREFIX + requirePart("federation", federation) + ".rounds");
  }

  /** Clients to coordinator: model updates of a federation, {@code fl.<federation>.updates}. */
  public static String federationUpdates(String federation) {
    return requireValid(FEDERATION_PREFIX + requirePart("federation", federation) + ".updates");
  }

  /** A client's private data in a federation, {@code fl.<federation>.client.<clientId>}; never read by others. */
  public static String federationClient(String federation, String clientId) {
    return requireValid(FEDERATION_PREFIX + requirePart("federation", federation) + ".client."
        + requirePart("clientId", clientId));
  }

  /**
   * Checks a topic name against Kafka's rules (1 to 249 characters of {@code [a-zA-Z0-9._-]}, not "." or "..")
   * so a bad configured name fails at start-up with a clear message instead of deep inside the admin client.
   *
   * @return the name, unchanged
   * @throws IllegalArgumentException saying what is wrong with the name
   */
  public static String requireValid(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("topic name is empty");
    }
    if (topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException("topic name cannot be '" + topic + "'");
    }
    if (topic.length() > 249) {
      throw new IllegalArgumentException("topic name is " + topic.length() + " characters long; Kafka allows 249: " + topic);
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        throw new IllegalArgumentException("topic name '" + topic + "' has the character '" + c
            + "' at position " + i + "; Kafka allows only letters, digits, '.', '_' and '-'");
      }
    }
    return topic;
  }

  private static String requirePart(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    return value;
  }
}
