package io.tributary.streams.processor;

import io.tributary.learn.Classifier;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.metrics.ProcessorMetrics;
import io.tributary.streams.model.ModelInput;

/** One model as one stream task serves it: its definition, its input rules, its learner replica and its metrics. */
final class LiveModel {

    final ModelDefinition definition;
    final ModelInput input;
    final ProcessorMetrics.ModelMetrics metrics;
    final io.tributary.events.Task task;
    OnlineLearner learner;

    LiveModel(ModelDefinition definition, OnlineLearner learner, ProcessorMetrics.ModelMetrics metrics) {
        this.definition = definition;
        this.input = new ModelInput(definition);
        this.metrics = metrics;
        this.learner = learner;
        this.task = io.tributary.events.Task.valueOf(definition.task().name());
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
