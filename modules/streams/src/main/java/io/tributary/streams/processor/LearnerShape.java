package io.tributary.streams.processor;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.transform.Pipeline;
import java.util.List;

/**
 * Whether a learner restored from the store can stand in for the one the config now declares: same algorithm, task
 * and dimension, through pipelines, and for a model selector the same candidates (names and algorithms, in order).
 * Hyper-parameters are not compared: a restored learner keeps the ones it was built with (see docs/decisions.md).
 */
final class LearnerShape {

    private LearnerShape() {
    }

    /** Why {@code stored} does not fit {@code declared}, or null when it does. */
    static String mismatch(OnlineLearner stored, OnlineLearner declared) {
        if (!stored.algorithm().equals(declared.algorithm()) || stored.task() != declared.task()
                || stored.dimension() != declared.dimension()) {
            return "stored " + describe(stored) + ", declared " + describe(declared);
        }
        if (stored instanceof Pipeline sp && declared instanceof Pipeline dp) {
            if (sp.transforms().size() != dp.transforms().size()) {
                return "stored pipeline has " + sp.transforms().size() + " transforms, declared " + dp.transforms().size();
            }
            return mismatch(sp.learner(), dp.learner());
        }
        if (stored instanceof ModelSelector ss && declared instanceof ModelSelector ds) {
            List<String> storedNames = ss.candidateNames();
            if (!storedNames.equals(ds.candidateNames())) {
                return "stored candidates " + storedNames + ", declared " + ds.candidateNames();
            }
            for (String name : storedNames) {
                String m = mismatch(ss.candidate(name), ds.candidate(name));
                if (m != null) {
                    return "candidate '" + name + "': " + m;
                }
            }
        }
        return null;
    }

    private static String describe(OnlineLearner l) {
        return l.algorithm() + " " + l.task() + " d=" + l.dimension();
    }
}
