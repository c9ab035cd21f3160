package io.charstream.model;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Faster forward and backward passes for DL4J's stock {@code LSTM} layer, plugged in as the
 * layer's helper (the hook DL4J uses for cuDNN), so the network, its parameters and its snapshots
 * stay plain DL4J. The stock CPU path works gate by gate and recomputes the forward pass inside
 * backprop, with about a millisecond of fixed cost per time step. Here the four gates are one
 * matrix ({@code [a, f, o, g]} in DL4J's column order), the input projection of every time step is
 * one matrix multiply, and the weight gradients are summed over time by one matrix multiply each.
 * Only the common case is handled (sigmoid gates, tanh activation, no peepholes, forwards, no
 * mask, full backprop through time); anything else returns null and DL4J's own code runs.
 */
public final class FusedLstmHelper implements LSTMHelper {
  private static final Field HELPER = helperField();

  private long forwardPasses;
  private long backwardPasses;
  private long reusedPasses;
  /**
   * DL4J runs a training forward pass, then runs it again inside backprop (its LSTM forces
   * CacheMode.NONE). The first pass keeps what backprop needs, in the activations workspace that
   * lives until backprop, and the second takes it if it is for the same input and weights.
   */
  private Forward kept;
  private INDArray keptInput;
  private INDArray keptRecurrentWeights;

  /**
   * Installs a helper of its own into every LSTM layer of the network (a helper keeps one
   * layer's forward pass for that layer's backprop).
   *
   * @return the helpers, first layer first
   */
  public static List<FusedLstmHelper> install(MultiLayerNetwork network) {
    List<FusedLstmHelper> helpers = new ArrayList<>();
    for (Layer layer : network.getLayers()) {
      if (layer instanceof LSTM lstm) {
        FusedLstmHelper helper = new FusedLstmHelper();
        try {
          HELPER.set(lstm, helper);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot install the LSTM helper", e);
        }
        helpers.add(helper);
      }
    }
    return helpers;
  }

  /** Passes this helper computed (and not handed back to DL4J's own code). */
  public long forwardPasses() {
    return forwardPasses;
  }

  public long backwardPasses() {
    return backwardPasses;
  }

  /** Training forward passes reused by backprop instead of computed again. */
  public long reusedPasses() {
    return reusedPasses;
  }

  private static Field helperField() {
    try {
      Field field = LSTM.class.getDeclaredField("helper");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("this DL4J version's LSTM layer has no helper field", e);
    }
  }

  /** The forward pass's arrays that the backward pass needs, one per time step. */
  static final class Forward extends FwdPassReturn {
    INDArray inputs2d;
    INDArray previousOutputs2d;
    INDArray[] gates;
    INDArray[] cells;
    INDArray[] tanhCells;
    INDArray initialCell;
  }

  @Override
  public boolean checkSupported() {
    return true;
  }

  @Override
  public boolean checkSupported(IActivation gateActivation, IActivation activation, boolean peepholes) {
    return gateActivation instanceof ActivationSigmoid && activation instanceof ActivationTanH && !peepholes;
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return Map.of();
  }

  @Override
  public FwdPassReturn activate(Layer layer, NeuralNetConfiguration conf, IActivation gateActivation, INDArray input,
      INDArray recurrentWeights, INDArray inputWeights, INDArray biases, boolean training, INDArray previousOutput,
      INDArray previousCell, boolean forBackprop, boolean forwards, String inputWeightKey, INDArray mask,
      boolean peepholes, LayerWorkspaceMgr workspaces) {
    IActivation activation = ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getLayer()).getActivationFn();
    if (!forwards || mask != null || input.rank() != 3 || !checkSupported(gateActivation, activation, peepholes)) {
      return null;
    }
    if (forBackprop && kept != null && input == keptInput && recurrentWeights == keptRecurrentWeights) {
      Forward reuse = kept;
      kept = null;
      keptInput = null;
      keptRecurrentWeights = null;
      reusedPasses++;
      return reuse;
    }
    int batch = (int) input.size(0);
    int inputs = (int) input.size(1);
    int steps = (int) input.size(2);
    int hidden = (int) recurrentWeights.size(0);
    DataType type = input.dataType();
    boolean keep = training && !forBackprop;
    ArrayType memory = forBackprop ? ArrayType.BP_WORKING_MEM : keep ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;

    Forward pass = new Forward();
    pass.gates = new INDArray[steps];
    pass.cells = new INDArray[steps];
    pass.tanhCells = new INDArray[steps];
    // Time-major rows: step t is rows [t * batch, (t + 1) * batch).
    // 'f' order throughout: ND4J multiplies narrow 'c'-order matrices 5-10x slower.
    INDArray timeMajor = workspaces.create(memory, type, new long[] {steps, batch, inputs}, 'c');
    timeMajor.assign(input.permute(2, 0, 1));
    pass.inputs2d = workspaces.dup(memory, timeMajor.reshape('c', (long) steps * batch, inputs), 'f');
    INDArray projected = pass.inputs2d.mmul(inputWeights).addiRowVector(biases);
    // Row block t is the output of step t - 1 (block 0: the state carried in).
    pass.previousOutputs2d = workspaces.create(memory, type, new long[] {(long) (steps + 1) * batch, hidden}, 'f');
    pass.previousOutputs2d.get(rows(0, batch)).assign(previousOutput);
    pass.initialCell = workspaces.dup(memory, previousCell, 'f');
    INDArray output = workspaces.create(ArrayType.ACTIVATIONS, type, new long[] {batch, hidden, steps}, 'f');

    INDArray cell = pass.initialCell;
    for (int t = 0; t < steps; t++) {
      INDArray gates = workspaces.dup(memory, projected.get(rows(t * batch, batch)), 'f');
      INDArray outputBefore = pass.previousOutputs2d.get(rows(t * batch, batch));
      Nd4j.gemm(outputBefore, recurrentWeights, gates, false, false, 1.0, 1.0);
      INDArray a = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
      Transforms.tanh(a, false);
      Transforms.sigmoid(gates.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 4 * hidden)), false);
      INDArray f = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden));
      INDArray o = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hidden, 3 * hidden));
      INDArray g = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * hidden, 4 * hidden));
      INDArray nextCell = workspaces.create(memory, type, new long[] {batch, hidden}, 'f');
      f.mul(cell, nextCell);
      nextCell.addi(g.mul(a));
      INDArray tanhCell = Transforms.tanh(workspaces.dup(memory, nextCell, 'f'), false);
      INDArray out = pass.previousOutputs2d.get(rows((t + 1) * batch, batch));
      o.mul(tanhCell, out);
      output.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(out);
      pass.gates[t] = gates;
      pass.cells[t] = nextCell;
      pass.tanhCells[t] = tanhCell;
      cell = nextCell;
    }
    pass.fwdPassOutput = output;
    forwardPasses++;
    pass.lastAct = pass.previousOutputs2d.get(rows(steps * batch, batch));
    pass.lastMemCell = cell;
    kept = keep ? pass : null;
    keptInput = keep ? input : null;
    keptRecurrentWeights = keep ? recurrentWeights : null;
    return pass;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(NeuralNetConfiguration conf, IActivation gateActivation,
      INDArray input, INDArray recurrentWeights, INDArray inputWeights, INDArray epsilon, boolean truncatedBptt,
      int tbpttBackwardLength, FwdPassReturn forwardPass, boolean forwards, String inputWeightKey,
      String recurrentWeightKey, String biasKey, Map<String, INDArray> gradientViews, INDArray mask,
      boolean peepholes, LayerWorkspaceMgr workspaces) {
    if (!(forwardPass instanceof Forward pass) || truncatedBptt || !forwards || mask != null) {
      return null;
    }
    return backprop(pass, input, recurrentWeights, inputWeights, epsilon, inputWeightKey, recurrentWeightKey, biasKey,
        gradientViews, workspaces);
  }

  private Pair<Gradient, INDArray> backprop(Forward pass, INDArray input, INDArray recurrentWeights,
      INDArray inputWeights, INDArray epsilon, String inputWeightKey, String recurrentWeightKey, String biasKey,
      Map<String, INDArray> gradientViews, LayerWorkspaceMgr workspaces) {
    int steps = pass.gates.length;
    int batch = (int) input.size(0);
    int inputs = (int) input.size(1);
    int hidden = (int) recurrentWeights.size(0);
    DataType type = input.dataType();
    ArrayType memory = ArrayType.BP_WORKING_MEM;

    INDArray gateGradients = workspaces.create(memory, type, new long[] {(long) steps * batch, 4L * hidden}, 'f');
    // dL/dh for every step in one 'f'-order copy: step t is then one contiguous [batch, hidden] block,
    // which also gathers what flows back from step t + 1.
    INDArray outputGradients = workspaces.dup(memory, epsilon, 'f');
    INDArray cellGradient = workspaces.create(memory, type, new long[] {batch, hidden}, 'f');
    INDArray recurrentGradient = workspaces.create(memory, type, new long[] {batch, hidden}, 'f');
    INDArray dz = workspaces.create(memory, type, new long[] {batch, 4L * hidden}, 'f');
    for (int t = steps - 1; t >= 0; t--) {
      try (MemoryWorkspace ignored = workspaces.notifyScopeEntered(ArrayType.RNN_BP_LOOP_WORKING_MEM)) {
        // dL/dh_t: from the layer above at this step plus from step t + 1 through the recurrent weights.
        INDArray outputGradient = outputGradients.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
        if (t < steps - 1) {
          outputGradient.addi(recurrentGradient);
        }
        INDArray gates = pass.gates[t];
        INDArray a = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
        INDArray f = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden));
        INDArray o = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hidden, 3 * hidden));
        INDArray g = gates.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * hidden, 4 * hidden));
        INDArray tanhCell = pass.tanhCells[t];
        INDArray cellBefore = t == 0 ? pass.initialCell : pass.cells[t - 1];
        INDArray da = dz.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden));
        INDArray df = dz.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden));
        INDArray dout = dz.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hidden, 3 * hidden));
        INDArray dg = dz.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * hidden, 4 * hidden));

        // output gate: h = o * tanh(c)
        outputGradient.mul(tanhCell, dout).muli(o).muli(o.rsub(1.0));
        // cell: through tanh(c) into this step, plus from step t + 1 through the forget gate
        INDArray dc = outputGradient.mul(o).muli(tanhCell.mul(tanhCell).rsubi(1.0));
        if (t < steps - 1) {
          dc.addi(cellGradient);
        }
        dc.mul(g, da).muli(a.mul(a).rsubi(1.0));
        dc.mul(a, dg).muli(g).muli(g.rsub(1.0));
        dc.mul(cellBefore, df).muli(f).muli(f.rsub(1.0));
        dc.mul(f, cellGradient);
        Nd4j.gemm(dz, recurrentWeights, recurrentGradient, false, true, 1.0, 0.0);
        gateGradients.get(rows(t * batch, batch)).assign(dz);
      }
    }

    // Weight gradients summed over every step at once.
    INDArray inputWeightGradient = gradientViews.get(inputWeightKey);
    INDArray recurrentWeightGradient = gradientViews.get(recurrentWeightKey);
    INDArray biasGradient = gradientViews.get(biasKey);
    inputWeightGradient.assign(pass.inputs2d.transpose().mmul(gateGradients));
    INDArray outputsBefore = pass.previousOutputs2d.get(rows(0, steps * batch));
    recurrentWeightGradient.assign(outputsBefore.transpose().mmul(gateGradients));
    biasGradient.assign(gateGradients.sum(true, 0));

    INDArray inputGradient2d = workspaces.create(memory, type, new long[] {(long) steps * batch, inputs}, 'c');
    Nd4j.gemm(gateGradients, inputWeights, inputGradient2d, false, true, 1.0, 0.0);
    INDArray inputGradient = workspaces.create(ArrayType.ACTIVATION_GRAD, type, new long[] {batch, inputs, steps}, 'f');
    inputGradient.assign(inputGradient2d.reshape('c', steps, batch, inputs).permute(1, 2, 0));

    backwardPasses++;
    Gradient gradient = new DefaultGradient();
    gradient.gradientForVariable().put(inputWeightKey, inputWeightGradient);
    gradient.gradientForVariable().put(recurrentWeightKey, recurrentWeightGradient);
    gradient.gradientForVariable().put(biasKey, biasGradient);
    return new Pair<>(gradient, inputGradient);
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex[] rows(long from, long count) {
    return new org.nd4j.linalg.indexing.INDArrayIndex[] {NDArrayIndex.interval(from, from + count), NDArrayIndex.all()};
  }
}
