package io.tributary.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.protos.core.ModelProto;

/**
 * Tribuo models as bytes, for the hot-swap path (a processor publishes a model snapshot in the format
 * {@value #FORMAT}) and for this module's learner snapshots. The bytes are Tribuo 4.3's own protobuf form
 * ({@link Model#serialize()}, a {@code ModelProto}), which carries the model's full provenance: the trainer and
 * its configuration, the dataset (here the training window) and the run provenance this module adds (learner,
 * window kind and size, events seen, retrain index, warm start). Unlike Java serialization, reading it back runs no
 * arbitrary class's deserialisation code, only Tribuo's registered protobuf readers.
 */
public final class TribuoModels {

    /** The format name a published Tribuo model snapshot carries. */
    public static final String FORMAT = "tribuo-protobuf/1";

    private TribuoModels() {
    }

    /**
     * @throws UnsupportedOperationException when the model's class has no protobuf form (every model this module
     *                                       trains has one)
     */
    public static byte[] toProtobuf(Model<?> model) {
        Objects.requireNonNull(model, "model");
        return model.serialize().toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a Tribuo model protobuf this build can read
     */
    public static Model<?> fromProtobuf(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return Model.deserialize(ModelProto.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Tribuo model protobuf: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Tribuo reports unknown classes, versions and inconsistent contents as assorted runtime exceptions.
            throw new IllegalArgumentException("cannot read the Tribuo model protobuf: " + e, e);
        }
    }

    /**
     * {@link #fromProtobuf(byte[])}, checked to predict {@code outputType}
     * ({@code org.tribuo.classification.Label} or {@code org.tribuo.regression.Regressor}).
     *
     * @throws IllegalArgumentException when the bytes are unreadable or the model predicts another output type
     */
    public static <T extends Output<T>> Model<T> fromProtobuf(byte[] bytes, Class<T> outputType) {
        Model<?> model = fromProtobuf(bytes);
        if (!model.validate(outputType)) {
            throw new IllegalArgumentException("the Tribuo model predicts " + model.getOutputIDInfo().getDomain()
                    + ", not " + outputType.getSimpleName() + " outputs");
        }
        return model.castModel(outputType);
    }
}
