package io.tributary.learn.ftrl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.SparseVector;
import io.tributary.learn.hashing.FeatureHasher;
import io.tributary.learn.snapshot.LearnerCodec;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The intended pairing: categorical events hashed into 2^20 coordinates, learned by FTRL-Proximal. */
class HashedClicksTest {

    @Test
    void ftrlOnHashedCategoricalEventsApproachesTheTrueClickModel() {
        FeatureHasher hasher = new FeatureHasher(20);
        FtrlClassifier model = (FtrlClassifier) Learners.create(LearnerSpec.binary("ftrl", hasher.dimension(),
                Map.of("alpha", 0.1, "l1", 1.0, "l2", 1.0)));
        SplittableRandom r = new SplittableRandom(12);
        double[] siteEffect = new double[200];
        for (int s = 0; s < siteEffect.length; s++) {
            siteEffect[s] = r.nextGaussian();
        }
        double[] deviceEffect = {0.8, -0.5, 0.0, -1.2};
        int n = 40_000;
        int evaluated = 0;
        double modelLoss = 0;
        double trueLoss = 0;
        double baseLoss = 0;
        int clicks = 0;
        for (int t = 0; t < n; t++) {
            int site = (int) Math.min(siteEffect.length - 1, Math.abs(r.nextGaussian()) * 40);
            int device = r.nextInt(deviceEffect.length);
            int user = r.nextInt(100_000); // pure noise: seen ~once, must not hurt
            double price = r.nextDouble();
            double logit = -1.5 + siteEffect[site] + deviceEffect[device] + 0.5 * price;
            double p = 1 / (1 + Math.exp(-logit));
            int y = r.nextDouble() < p ? 1 : 0;
            SparseVector x = hasher.builder().addCategory("site", "s" + site).addCategory("device", "d" + device)
                    .addCategory("user", Integer.toString(user)).add("price", price).build();
            if (t >= n / 2) {
                double q = model.predictPositive(x);
                evaluated++;
                clicks += y;
                modelLoss -= Math.log(y == 1 ? q : 1 - q);
                trueLoss -= Math.log(y == 1 ? p : 1 - p);
            }
            model.learnOne(x, y);
        }
        double rate = (double) clicks / evaluated;
        baseLoss = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
        modelLoss /= evaluated;
        trueLoss /= evaluated;
        byte[] snapshot = LearnerCodec.encode(model);
        System.out.printf("hashed clicks (2^20 coordinates): log loss %.4f, true model %.4f, base rate %.4f;"
                + " %d non-zero weights of %d touched; snapshot %d bytes%n", modelLoss, trueLoss, baseLoss,
                model.nonZeroWeights(), model.touchedCoordinates(), snapshot.length);
        assertTrue(modelLoss < trueLoss + 0.02, "log loss " + modelLoss + " vs true " + trueLoss);
        assertTrue(modelLoss < baseLoss - 0.05, "must beat the base rate " + baseLoss);
        // The one-off user ids are mostly left at exactly zero by l1.
        assertTrue(model.nonZeroWeights() < model.touchedCoordinates() / 5);
        assertTrue(snapshot.length < 12 * model.touchedCoordinates() + 200);
    }
}
