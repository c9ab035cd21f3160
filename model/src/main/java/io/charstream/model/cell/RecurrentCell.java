package io.charstream.model.cell;

import io.charstream.model.inference.CellStep;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One kind of recurrent cell, everything the rest of charstream needs of it: its DL4J layer (for
 * snapshots and DL4J's own training) and its plain-Java step (for generation). charstream's own
 * training passes for it live in {@code io.charstream.model.engine}.
 * A new cell is one implementation and one line in {@link Cells}.
 */
public interface RecurrentCell {
  /** As settings and snapshots name it: {@code lstm}, {@code gru}. */
  String name();

  /** The DL4J layer configuration: {@code inputs} in, {@code units} out, NCW. */
  Layer layer(int inputs, int units);

  /** Whether a network's layer is one of this cell's (a snapshot is checked against its recorded cell). */
  boolean isLayerOf(org.deeplearning4j.nn.api.Layer layer);

  /** Layer {@code index} of the network as a step for generation, its weights copied out once. */
  CellStep inference(MultiLayerNetwork network, int index);
}
