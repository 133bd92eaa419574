package io.tributary.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.runtime.metrics.MetricsServer;
import io.tributary.streams.TributaryProcessor;
import io.tributary.streams.config.ProcessorConfig;
import io.tributary.streams.config.TributaryConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the processor against any Kafka cluster until stopped (SIGINT/SIGTERM close it cleanly). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the predict-then-learn processor against a Kafka cluster.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "Processor config (YAML): topics, format, models.")
    Path config;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers; overrides processor.bootstrap.servers.")
    String bootstrap;

    @Option(names = "--registry-url", description = "Schema registry URL (Confluent API); overrides processor.schema.registry.url.")
    String registryUrl;

    @Option(names = "--metrics-port", defaultValue = "9404", description = "Port of /metrics and /health (0: any free port). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        TributaryConfig cfg = load(config, bootstrap, registryUrl);
        PrometheusRegistry registry = new PrometheusRegistry();
        CountDownLatch stopped = new CountDownLatch(1);
        try (TributaryProcessor processor = new TributaryProcessor(cfg, registry);
                MetricsServer metrics = MetricsServer.builder().port(metricsPort).registry(registry).health(processor::health).jvmMetrics(true).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                processor.close();
                stopped.countDown();
            }, "tributary-shutdown"));
            processor.start();
            System.out.println("tributary: serving " + cfg.models().size() + " model(s) from '" + cfg.processor().featuresTopic()
                    + "' on " + cfg.processor().bootstrapServers() + "; metrics at " + metrics.metricsUrl());
            stopped.await();
        }
        return 0;
    }

    static TributaryConfig load(Path file, String bootstrap, String registryUrl) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        Map<String, Object> overrides = new HashMap<>();
        if (bootstrap != null) {
            overrides.put(ProcessorConfig.BOOTSTRAP_SERVERS, bootstrap);
        }
        if (registryUrl != null) {
            overrides.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registryUrl);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return TributaryConfig.parse(in, file.toString(), overrides);
        }
    }
}
