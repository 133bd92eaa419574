package io.tributary.events;

import io.tributary.events.EventDecodingException.Reason;
import java.util.List;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * Structural checks that every decoded {@link FeatureEvent} must pass, whatever its wire format.
 *
 * <p>The Avro schema cannot express "exactly one of dense, sparse, named" or "indices and values are parallel",
 * so both the JSON codec and the Avro path of {@link FeatureEventDecoder} run these checks: an event that
 * reaches a model is structurally sound no matter how it was produced. Checks that depend on a model (expected
 * dimension, NaN/Inf, label type) belong to the processor.
 */
public final class FeatureEvents {
  private FeatureEvents() {}

  /**
   * Checks that exactly one of dense, sparse and named features is present and that sparse features are
   * consistent (positive dimension, parallel indices and values, every index in {@code [0, dimension)}).
   *
   * @return the event, unchanged
   * @throws EventDecodingException with reason {@code MISSING_FEATURES}, {@code MULTIPLE_FEATURES} or
   *     {@code INVALID_VALUE}
   */
  public static FeatureEvent checkStructure(FeatureEvent event) {
    List<Float> dense = event.getDense();
    SparseFeatures sparse = event.getSparse();
    boolean named = event.getNamed() != null;
    int present = (dense != null ? 1 : 0) + (sparse != null ? 1 : 0) + (named ? 1 : 0);
    if (present == 0) {
      throw new EventDecodingException(Reason.MISSING_FEATURES, null,
          "FeatureEvent has no features: exactly one of 'dense', 'sparse' or 'named' must be present");
    }
    if (present > 1) {
      StringBuilder which = new StringBuilder();
      if (dense != null) which.append("'dense'");
      if (sparse != null) which.append(which.isEmpty() ? "" : " and ").append("'sparse'");
      if (named) which.append(" and 'named'");
      throw new EventDecodingException(Reason.MULTIPLE_FEATURES, null,
          "FeatureEvent has " + which + ": exactly one of 'dense', 'sparse' or 'named' must be present");
    }
    if (sparse != null) {
      checkSparse(sparse);
    }
    return event;
  }

  private static void checkSparse(SparseFeatures sparse) {
    int dimension = sparse.getDimension();
    if (dimension <= 0) {
      throw new EventDecodingException(Reason.INVALID_VALUE, "sparse.dimension",
          "sparse.dimension must be positive, got " + dimension);
    }
    List<Integer> indices = sparse.getIndices();
    List<Float> values = sparse.getValues();
    if (indices == null || values == null) {
      throw new EventDecodingException(Reason.MISSING_FIELD, indices == null ? "sparse.indices" : "sparse.values",
          "sparse features need both 'indices' and 'values'");
    }
    if (indices.size() != values.size()) {
      throw new EventDecodingException(Reason.INVALID_VALUE, "sparse",
          "sparse.indices has " + indices.size() + " entries but sparse.values has " + values.size()
              + "; they must be parallel (same length)");
    }
    // The JSON codec produces primitive-backed lists; read those without boxing.
    if (indices instanceof PrimitivesArrays.IntArray ints) {
      for (int i = 0, n = ints.size(); i < n; i++) {
        checkIndex(ints.getInt(i), i, dimension);
      }
    } else {
      for (int i = 0, n = indices.size(); i < n; i++) {
        Integer index = indices.get(i);
        if (index == null) {
          throw new EventDecodingException(Reason.WRONG_TYPE, "sparse.indices[" + i + "]",
              "sparse.indices[" + i + "] is null; expected an integer");
        }
        checkIndex(index, i, dimension);
      }
    }
  }

  /**
   * The values of a float list as an array: without boxing for the primitive-backed lists the JSON codec makes,
   * element by element for others (Avro's reader, lists built by hand).
   *
   * @throws NullPointerException if an element is null
   */
  public static float[] toFloatArray(List<Float> values) {
    float[] out = new float[values.size()];
    if (values instanceof PrimitivesArrays.FloatArray fa) {
      for (int i = 0; i < out.length; i++) out[i] = fa.getFloat(i);
    } else if (values instanceof java.util.RandomAccess) {
      for (int i = 0; i < out.length; i++) out[i] = values.get(i);
    } else {
      int i = 0;
      for (Float v : values) out[i++] = v;
    }
    return out;
  }

  /** The values of an int list as an array; see {@link #toFloatArray}. */
  public static int[] toIntArray(List<Integer> values) {
    int[] out = new int[values.size()];
    if (values instanceof PrimitivesArrays.IntArray ia) {
      for (int i = 0; i < out.length; i++) out[i] = ia.getInt(i);
    } else if (values instanceof java.util.RandomAccess) {
      for (int i = 0; i < out.length; i++) out[i] = values.get(i);
    } else {
      int i = 0;
      for (Integer v : values) out[i++] = v;
    }
    return out;
  }

  private static void checkIndex(int index, int position, int dimension) {
    if (index < 0 || index >= dimension) {
      throw new EventDecodingException(Reason.INVALID_VALUE, "sparse.indices[" + position + "]",
          "sparse.indices[" + position + "] = " + index + " is outside [0, " + dimension + ")");
    }
  }
}
