package io.charstream.model.cell;

import static io.charstream.model.cell.TimeBlocks.columns;
import static io.charstream.model.cell.TimeBlocks.step;

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
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Faster forward and backward passes for DL4J's stock {@code LSTM} layer, plugged in as the
 * layer's helper (the hook DL4J uses for cuDNN), so the network, its parameters and its snapshots
 * stay plain DL4J. The stock CPU path works gate by gate, allocates per step, and computes the
 * forward pass twice per training step. Here the four gates are one {@code [batch, 4 * hidden]}
 * block ({@code [a, f, o, g]} in DL4J's column order) computed by two matrix multiplies per step,
 * every array is 'f' order with one contiguous block per time step ({@link TimeBlocks}),
 * the training forward pass is kept for backprop instead of recomputed, and the weight gradients
 * are accumulated step by step into one buffer each.
 * Only the common case is handled (sigmoid gates, tanh activation, no peepholes, forwards, no
 * mask, full backprop through time); anything else returns null and DL4J's own code runs.
 */
public final class FusedLstmHelper implements LSTMHelper {
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
        LstmHelperSlot.install(lstm, helper);
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

  /**
   * The forward pass's arrays that the backward pass needs. Each is 'f' order with time last, so
   * that one step is one contiguous {@code [batch, n]} block (ND4J is much slower on strided and
   * on narrow 'c'-order operands, and slowest of all at copying permuted arrays, so none is made).
   */
  static final class Forward extends FwdPassReturn {
    INDArray inputs;      // [batch, inputs, steps]
    INDArray gates;       // [batch, 4 * hidden, steps]: a (tanh), f, o, g (sigmoid), activated
    INDArray outputs;     // [batch, hidden, steps + 1]: block 0 is the state carried in
    INDArray cells;       // [batch, hidden, steps + 1]: block 0 is the state carried in
    INDArray tanhCells;   // [batch, hidden, steps]
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
    pass.inputs = workspaces.dup(memory, input, 'f');
    pass.gates = workspaces.create(memory, type, new long[] {batch, 4L * hidden, steps}, 'f');
    pass.outputs = workspaces.create(ArrayType.ACTIVATIONS, type, new long[] {batch, hidden, steps + 1}, 'f');
    pass.cells = workspaces.create(memory, type, new long[] {batch, hidden, steps + 1}, 'f');
    pass.tanhCells = workspaces.create(memory, type, new long[] {batch, hidden, steps}, 'f');
    step(pass.outputs, 0).assign(previousOutput);
    step(pass.cells, 0).assign(previousCell);

    for (int t = 0; t < steps; t++) {
      INDArray gates = step(pass.gates, t);
      Nd4j.gemm(step(pass.inputs, t), inputWeights, gates, false, false, 1.0, 0.0);
      Nd4j.gemm(step(pass.outputs, t), recurrentWeights, gates, false, false, 1.0, 1.0);
      gates.addiRowVector(biases);
      INDArray a = columns(gates, 0, hidden);
      Transforms.tanh(a, false);
      Transforms.sigmoid(columns(gates, hidden, 4 * hidden), false);
      INDArray f = columns(gates, hidden, 2 * hidden);
      INDArray o = columns(gates, 2 * hidden, 3 * hidden);
      INDArray g = columns(gates, 3 * hidden, 4 * hidden);
      INDArray cell = step(pass.cells, t + 1);
      f.mul(step(pass.cells, t), cell);
      cell.addi(g.mul(a));
      INDArray tanhCell = step(pass.tanhCells, t).assign(cell);
      Transforms.tanh(tanhCell, false);
      o.mul(tanhCell, step(pass.outputs, t + 1));
    }
    // A view, not a copy: steps 1..T of the outputs are contiguous in 'f' order.
    pass.fwdPassOutput = TimeBlocks.steps(pass.outputs, 1, steps + 1);
    forwardPasses++;
    pass.lastAct = step(pass.outputs, steps);
    pass.lastMemCell = step(pass.cells, steps);
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
    int steps = (int) pass.gates.size(2);
    int batch = (int) input.size(0);
    int inputs = (int) input.size(1);
    int hidden = (int) recurrentWeights.size(0);
    DataType type = input.dataType();
    ArrayType memory = ArrayType.BP_WORKING_MEM;

    INDArray gateGradients = workspaces.create(memory, type, new long[] {batch, 4L * hidden, steps}, 'f');
    // dL/dh of every step; step t's block also gathers what flows back from step t + 1.
    INDArray outputGradients = workspaces.dup(memory, epsilon, 'f');
    INDArray cellGradient = workspaces.create(memory, type, new long[] {batch, hidden}, 'f');
    INDArray inputWeightGradient = gradientViews.get(inputWeightKey);
    INDArray recurrentWeightGradient = gradientViews.get(recurrentWeightKey);
    INDArray biasGradient = gradientViews.get(biasKey);
    INDArray inputWeightSum = workspaces.create(memory, type, inputWeightGradient.shape(), 'f');
    INDArray recurrentWeightSum = workspaces.create(memory, type, recurrentWeightGradient.shape(), 'f');
    INDArray inputGradient = workspaces.create(ArrayType.ACTIVATION_GRAD, type, new long[] {batch, inputs, steps}, 'f');
    INDArray recurrentGradient = workspaces.create(memory, type, new long[] {batch, hidden}, 'f');
    for (int t = steps - 1; t >= 0; t--) {
      try (MemoryWorkspace ignored = workspaces.notifyScopeEntered(ArrayType.RNN_BP_LOOP_WORKING_MEM)) {
        INDArray outputGradient = step(outputGradients, t);
        if (t < steps - 1) {
          outputGradient.addi(recurrentGradient);
        }
        INDArray gates = step(pass.gates, t);
        INDArray a = columns(gates, 0, hidden);
        INDArray f = columns(gates, hidden, 2 * hidden);
        INDArray o = columns(gates, 2 * hidden, 3 * hidden);
        INDArray g = columns(gates, 3 * hidden, 4 * hidden);
        INDArray tanhCell = step(pass.tanhCells, t);
        INDArray dz = step(gateGradients, t);
        INDArray da = columns(dz, 0, hidden);
        INDArray df = columns(dz, hidden, 2 * hidden);
        INDArray dout = columns(dz, 2 * hidden, 3 * hidden);
        INDArray dg = columns(dz, 3 * hidden, 4 * hidden);

        // output gate: h = o * tanh(c)
        outputGradient.mul(tanhCell, dout).muli(o).muli(o.rsub(1.0));
        // cell: through tanh(c) at this step, plus from step t + 1 through its forget gate
        INDArray dc = outputGradient.mul(o).muli(tanhCell.mul(tanhCell).rsubi(1.0));
        if (t < steps - 1) {
          dc.addi(cellGradient);
        }
        dc.mul(g, da).muli(a.mul(a).rsubi(1.0));
        dc.mul(a, dg).muli(g).muli(g.rsub(1.0));
        dc.mul(step(pass.cells, t), df).muli(f).muli(f.rsub(1.0));
        dc.mul(f, cellGradient);
        Nd4j.gemm(dz, recurrentWeights, recurrentGradient, false, true, 1.0, 0.0);
        // Weight gradients summed over the steps as they go; no permuted copy is ever made.
        Nd4j.gemm(step(pass.inputs, t), dz, inputWeightSum, true, false, 1.0, t == steps - 1 ? 0.0 : 1.0);
        Nd4j.gemm(step(pass.outputs, t), dz, recurrentWeightSum, true, false, 1.0, t == steps - 1 ? 0.0 : 1.0);
        Nd4j.gemm(dz, inputWeights, step(inputGradient, t), false, true, 1.0, 0.0);
      }
    }
    inputWeightGradient.assign(inputWeightSum);
    recurrentWeightGradient.assign(recurrentWeightSum);
    biasGradient.assign(gateGradients.sum(true, 0, 2).reshape(biasGradient.shape()));

    backwardPasses++;
    Gradient gradient = new DefaultGradient();
    gradient.gradientForVariable().put(inputWeightKey, inputWeightGradient);
    gradient.gradientForVariable().put(recurrentWeightKey, recurrentWeightGradient);
    gradient.gradientForVariable().put(biasKey, biasGradient);
    return new Pair<>(gradient, inputGradient);
  }
}
