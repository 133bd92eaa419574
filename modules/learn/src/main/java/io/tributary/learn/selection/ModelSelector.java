package io.tributary.learn.selection;

import io.tributary.learn.OnlineLearner;
import java.util.List;

/**
 * An online learner made of competing candidate learners: it trains them on the events it receives (all of them,
 * or some, depending on the {@link Strategy}), keeps score of each one's prequential loss, and serves predictions
 * from the current winner. {@link ClassifierSelector} and {@link RegressorSelector} are the two kinds; each is
 * itself a {@link io.tributary.learn.Classifier} or {@link io.tributary.learn.Regressor}, so it plugs in wherever
 * a single model does.
 */
public interface ModelSelector extends OnlineLearner {

    /** Algorithm name of every selector. */
    String ALGORITHM = "model_selection";

    /** The name of the candidate serving predictions now. */
    String winner();

    /** Candidate names, in the order they were given. */
    List<String> candidateNames();

    /** The named candidate (owned by the selector: do not train it from outside). */
    OnlineLearner candidate(String name);

    /** The current standings. */
    Scoreboard scoreboard();

    Strategy strategy();
}
