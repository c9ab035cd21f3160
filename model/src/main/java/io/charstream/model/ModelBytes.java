package io.charstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A network as the bytes of DL4J's own model file ({@code ModelSerializer}: JSON configuration,
 * binary parameters and the optimizer's state; no Java object serialisation), so a snapshot loads
 * in plain DL4J and training resumes where it stopped.
 */
public final class ModelBytes {
  private ModelBytes() {}

  public static byte[] write(MultiLayerNetwork network) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, out, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the model", e);
    }
    return out.toByteArray();
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
