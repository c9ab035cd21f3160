package io.charstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network as the bytes of DL4J's own model file ({@code ModelSerializer}: JSON configuration,
 * binary parameters and the optimizer's state; no Java object serialisation), so a snapshot loads
 * in plain DL4J and training resumes where it stopped.
 */
public final class ModelBytes {
  /** Room for the configuration's JSON and the file's framing, besides the arrays. */
  private static final int FRAMING_BYTES = 1 << 20;

  private ModelBytes() {}

  /**
   * The model file, as a view of the one buffer it was written into. A trainer's model file is
   * tens of megabytes: every copy of it, and every step of a growing buffer, is an array the
   * garbage collector has to find room for at once, so the buffer is sized for the file up front.
   */
  public static ByteBuffer write(MultiLayerNetwork network) {
    return new Writer().write(network);
  }

  /**
   * Writes model file after model file into one buffer, for a trainer that writes one per epoch:
   * the buffer is found room for once, not once an epoch. Each file returned is a view of that
   * buffer, valid until the next is written.
   */
  public static final class Writer {
    private Output out;

    public ByteBuffer write(MultiLayerNetwork network) {
      int size = expectedSize(network);
      if (out == null || out.capacity() < size) {
        out = new Output(size);
      }
      out.reset();
      try {
        ModelSerializer.writeModel(network, out, true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot serialise the model", e);
      }
      return out.written();
    }
  }

  /**
   * The size a model file of this network is expected to have: the parameters and the updater's
   * state (once training has made it) as floats, and the framing.
   */
  public static int expectedSize(MultiLayerNetwork network) {
    Updater updater = network.getUpdater(false);
    INDArray state = updater == null ? null : updater.getStateViewArray();
    long floats = network.numParams() + (state == null ? 0 : state.length());
    return (int) Math.min(Integer.MAX_VALUE - 8, floats * Float.BYTES + FRAMING_BYTES);
  }

  /** A byte array output that hands out what was written without copying it. */
  private static final class Output extends ByteArrayOutputStream {
    Output(int size) {
      super(size);
    }

    int capacity() {
      return buf.length;
    }

    ByteBuffer written() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }

  /** The network of a snapshot's model bytes (the buffer itself is left as it was). */
  public static MultiLayerNetwork read(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return read(bytes);
  }

  public static MultiLayerNetwork read(byte[] bytes) {
    try {
      return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a model snapshot: " + e.getMessage(), e);
    }
  }
}
