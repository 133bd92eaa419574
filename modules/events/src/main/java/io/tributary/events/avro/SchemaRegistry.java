package io.tributary.events.avro;

import java.io.Closeable;
import org.apache.avro.Schema;

/**
 * What the Avro serdes need from a schema registry. {@link SchemaRegistryClient} talks to a real one over HTTP
 * (Confluent Schema Registry, or Apicurio's Confluent-compatible API). An in-memory implementation exists in
 * this module's unit tests only, for framing and resolution logic; the registry itself is always tested for real
 * (Apicurio, in the streams module's integration tests).
 *
 * <p>Implementations must be thread-safe and should cache: the serdes call them for every record.
 */
public interface SchemaRegistry extends Closeable {

  /**
   * Registers {@code schema} under {@code subject} (idempotent: an already registered schema gets its existing id).
   *
   * @return the global schema id to put in the wire-format header
   * @throws SchemaRegistryException if the registry rejects the schema (e.g. incompatible) or cannot be reached
   */
  int register(String subject, Schema schema);

  /**
   * Looks up the id of a schema already registered under {@code subject}, without registering it (for producers
   * that may not register schemas).
   *
   * @throws SchemaRegistryException with {@link SchemaRegistryException#isNotFound()} if it is not registered
   */
  int lookup(String subject, Schema schema);

  /**
   * The schema with global id {@code id}.
   *
   * @throws SchemaRegistryException with {@link SchemaRegistryException#isNotFound()} if there is none
   */
  Schema getById(int id);

  /** Releases resources (HTTP client threads); the default does nothing. */
  @Override
  default void close() {}
}
