package io.tributary.streams.processor;

import io.tributary.learn.Classifier;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.metrics.PrequentialTracker;
import io.tributary.streams.metrics.ProcessorMetrics;
import io.tributary.streams.model.ModelInput;

/** One model as one stream task serves it: its definition, its input rules, its learner replica and its metrics. */
final class LiveModel {

    final ModelDefinition definition;
    final ModelInput input;
    final ProcessorMetrics.ModelMetrics metrics;
    final io.tributary.events.Task task;
    /** This replica's prequential window: published on model-metrics, and part of the model's gauges. */
    final PrequentialTracker prequential;
    OnlineLearner learner;
    long predictions;
    /** What the last ModelMetrics record described, so an idle replica does not repeat itself. */
    long predictionsAtLastEmit = -1;

    LiveModel(ModelDefinition definition, OnlineLearner learner, ProcessorMetrics.ModelMetrics metrics) {
        this.definition = definition;
        this.input = new ModelInput(definition);
        this.metrics = metrics;
        this.learner = learner;
        this.task = io.tributary.events.Task.valueOf(definition.task().name());
        this.prequential = metrics.newReplica();
    }

    String name() {
        return definition.name();
    }

    /** The version a prediction carries: updates absorbed by this replica. */
    long version() {
        return learner.updates();
    }

    Classifier classifier() {
        return (Classifier) learner;
    }

    Regressor regressor() {
        return (Regressor) learner;
    }

    byte[] snapshot() {
        return LearnerCodec.encode(learner);
    }
}
