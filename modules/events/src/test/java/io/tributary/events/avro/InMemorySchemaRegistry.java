package io.tributary.events.avro;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A schema registry in memory, for tests and single-process demos: ids are global and start at 1, and the same
 * schema gets the same id under every subject (as Confluent's registry does). No compatibility checks.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
  private final Map<Schema, Integer> ids = new HashMap<>();
  private final Map<Integer, Schema> schemas = new HashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  @Override
  public synchronized int register(String subject, Schema schema) {
    requests.incrementAndGet();
    Integer id = ids.get(schema);
    if (id == null) {
      id = ids.size() + 1;
      ids.put(schema, id);
      schemas.put(id, schema);
    }
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(id)) versions.add(id);
    return id;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    requests.incrementAndGet();
    Integer id = ids.get(schema);
    if (id == null || !subjects.getOrDefault(subject, List.of()).contains(id)) {
      throw new SchemaRegistryException("schema " + schema.getFullName() + " is not registered under subject '"
          + subject + "'", 404, 40403, "", null);
    }
    return id;
  }

  @Override
  public synchronized Schema getById(int id) {
    requests.incrementAndGet();
    Schema schema = schemas.get(id);
    if (schema == null) {
      throw new SchemaRegistryException("schema id " + id + " not found", 404, 40403, "", null);
    }
    return schema;
  }

  /** The subjects registered so far, in registration order. */
  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  /** How many register/lookup/getById calls this registry has answered (to test that callers cache). */
  public int requestCount() {
    return requests.get();
  }
}
