package io.charstream.model.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Floats in native memory that BLAS reads through a pointer and Java reads and writes, lane by
 * lane or a vector at a time, through a direct buffer: neither copies. Either allocated here (and
 * freed by {@link #free}) or the memory of an ND4J array (the network's parameters and gradients).
 */
final class Floats {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  private final FloatPointer pointer;
  private final ByteBuffer bytes;
  private final boolean owned;
  final int length;

  private Floats(FloatPointer pointer, int length, boolean owned) {
    this.pointer = pointer;
    this.length = length;
    this.owned = owned;
    this.bytes = pointer.capacity(length).limit(length).asByteBuffer().order(NATIVE);
  }

  /** New memory, zeroed. */
  static Floats allocate(long length) {
    if (length > Integer.MAX_VALUE / Float.BYTES) {
      throw new IllegalArgumentException("a training buffer of " + length + " floats is too large: "
          + "lower the batch size, the window length or the hidden size");
    }
    FloatPointer pointer = new FloatPointer(Math.max(1, length));
    pointer.zero();
    return new Floats(pointer, (int) length, true);
  }

  /** The memory of a whole, contiguous float array (not a copy: writes here change the array). */
  static Floats of(INDArray array) {
    if (array.dataType() != DataType.FLOAT || array.isView() || array.length() != array.data().length()) {
      throw new IllegalArgumentException("only a whole float array can be shared, got " + array.shapeInfoToString());
    }
    return new Floats(new FloatPointer(array.data().addressPointer()), (int) array.length(), false);
  }

  /** A pointer to element {@code offset}, for BLAS. */
  FloatPointer at(long offset) {
    return new FloatPointer(pointer).position(offset);
  }

  float get(int i) {
    return bytes.getFloat(i << 2);
  }

  void set(int i, float value) {
    bytes.putFloat(i << 2, value);
  }

  void add(int i, float value) {
    set(i, get(i) + value);
  }

  FloatVector load(int i) {
    return FloatVector.fromByteBuffer(SPECIES, bytes, i << 2, NATIVE);
  }

  void store(FloatVector vector, int i) {
    vector.intoByteBuffer(bytes, i << 2, NATIVE);
  }

  /** The lanes of {@code mask} only (the others read as zero); a null mask is every lane, the fast path. */
  FloatVector load(int i, VectorMask<Float> mask) {
    return mask == null ? load(i) : FloatVector.fromByteBuffer(SPECIES, bytes, i << 2, NATIVE, mask);
  }

  void store(FloatVector vector, int i, VectorMask<Float> mask) {
    if (mask == null) {
      store(vector, i);
    } else {
      vector.intoByteBuffer(bytes, i << 2, NATIVE, mask);
    }
  }

  /** The mask for lanes from {@code i} on when fewer than a whole vector remain before {@code end}, else null. */
  static VectorMask<Float> tail(int i, int end) {
    return i + LANES <= end ? null : SPECIES.indexInRange(i, end);
  }

  /** {@code this[to + j] += other[from + j]} for j in {@code [0, count)}. */
  void addFrom(Floats other, int from, int to, int count) {
    for (int j = 0; j < count; j += LANES) {
      VectorMask<Float> mask = tail(j, count);
      store(load(to + j, mask).add(other.load(from + j, mask)), to + j, mask);
    }
  }

  /** {@code this -= other}, element by element over the whole of both. */
  void subtract(Floats other) {
    for (int i = 0; i < length; i += LANES) {
      VectorMask<Float> mask = tail(i, length);
      store(load(i, mask).sub(other.load(i, mask)), i, mask);
    }
  }

  /** Zeroes {@code [from, from + count)}. */
  void zero(int from, int count) {
    for (int i = from; i < from + count; i++) {
      bytes.putFloat(i << 2, 0f);
    }
  }

  void free() {
    if (owned) {
      pointer.deallocate();
    }
  }
}
