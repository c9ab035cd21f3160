package io.charstream.model.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
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

  /** Where the whole vectors of a loop over {@code [0, count)} end. */
  static int whole(int count) {
    return SPECIES.loopBound(count);
  }

  /** {@code this[to + j] += other[from + j]} for j in {@code [0, count)}. */
  void addFrom(Floats other, int from, int to, int count) {
    int j = 0;
    for (; j < whole(count); j += LANES) {
      store(load(to + j).add(other.load(from + j)), to + j);
    }
    for (; j < count; j++) {
      add(to + j, other.get(from + j));
    }
  }

  /** {@code this[to + j] = other[from + j]} for j in {@code [0, count)}. */
  void copyFrom(Floats other, int from, int to, int count) {
    int j = 0;
    for (; j < whole(count); j += LANES) {
      store(other.load(from + j), to + j);
    }
    for (; j < count; j++) {
      set(to + j, other.get(from + j));
    }
  }

  /** {@code this[j] = a[aFrom + j] * b[j]} for j in {@code [0, count)}. */
  void setProduct(Floats a, int aFrom, Floats b, int count) {
    int j = 0;
    for (; j < whole(count); j += LANES) {
      store(a.load(aFrom + j).mul(b.load(j)), j);
    }
    for (; j < count; j++) {
      set(j, a.get(aFrom + j) * b.get(j));
    }
  }

  /** {@code this -= other}, element by element over the whole of both. */
  void subtract(Floats other) {
    int i = 0;
    for (; i < whole(length); i += LANES) {
      store(load(i).sub(other.load(i)), i);
    }
    for (; i < length; i++) {
      set(i, get(i) - other.get(i));
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
