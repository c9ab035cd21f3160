package io.charstream.model.cell;

import static io.charstream.model.cell.TimeBlocks.columns;
import static io.charstream.model.cell.TimeBlocks.step;
import static io.charstream.model.cell.TimeBlocks.steps;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A GRU layer's forward and backward passes, written against ND4J on 'f'-order time blocks (see
 * {@link TimeBlocks}). Per step, with the gates in the order reset, update, candidate:
 * <pre>
 *   x·W + b = [xr, xu, xn]      h·RW = [hr, hu, hn]
 *   r = σ(xr + hr)   u = σ(xu + hu)   n = tanh(xn + r ⊙ hn)
 *   h' = u ⊙ h + (1 − u) ⊙ n
 * </pre>
 * The reset gate applies after the recurrent multiply (as cuDNN, PyTorch and libnd4j's own
 * {@code gru} op do), so one multiply per step serves all three gates. The training forward pass
 * is kept for backprop rather than computed twice. Masks and truncated backprop are not supported.
 */
public final class GruLayer extends BaseRecurrentLayer<Gru> {
  private static final String STATE = "h";

  /** The training forward pass, kept (in the activations workspace) for the backprop that follows it. */
  private Forward kept;

  public GruLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** What backprop needs of a forward pass; each array is 'f' order with time last. */
  private static final class Forward {
    INDArray inputs;       // [batch, inputs, steps]
    INDArray gates;        // [batch, 3 * units, steps]: r, u, n, activated
    INDArray hiddenNew;    // [batch, units, steps]: hn, the candidate's recurrent term before the reset gate
    INDArray outputs;      // [batch, units, steps + 1]: block 0 is the state carried in
  }

  @Override
  public Type type() {
    return Type.RECURRENT;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
    assertInputSet(false);
    Forward pass = forward(permuteIfNWC(input), null, training, workspaces);
    kept = training ? pass : null;
    return outputsOf(pass);
  }

  @Override
  public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaces) {
    setInput(input, workspaces);
    Forward pass = forward(permuteIfNWC(input), stateMap.get(STATE), false, workspaces);
    stateMap.put(STATE, lastOutput(pass));
    return outputsOf(pass);
  }

  @Override
  public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTbptt,
      LayerWorkspaceMgr workspaces) {
    setInput(input, workspaces);
    Forward pass = forward(permuteIfNWC(input), tBpttStateMap.get(STATE), training, workspaces);
    kept = training ? pass : null;
    if (storeLastForTbptt) {
      tBpttStateMap.put(STATE, lastOutput(pass));
    }
    return outputsOf(pass);
  }

  @Override
  public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
      LayerWorkspaceMgr workspaces) {
    throw new UnsupportedOperationException("the GRU layer does not support truncated backprop through time");
  }

  @Override
  public boolean hasLayerNorm() {
    return false;
  }

  private INDArray outputsOf(Forward pass) {
    long steps = pass.gates.size(2);
    return steps(pass.outputs, 1, steps + 1);
  }

  private static INDArray lastOutput(Forward pass) {
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return step(pass.outputs, pass.gates.size(2)).dup('f');
    }
  }

  private Forward forward(INDArray input, INDArray initialState, boolean training, LayerWorkspaceMgr workspaces) {
    if (maskArray != null) {
      throw new UnsupportedOperationException("the GRU layer does not support masks");
    }
    INDArray inputWeights = getParamWithNoise(GruParameters.INPUT_WEIGHTS, training, workspaces);
    INDArray recurrentWeights = getParamWithNoise(GruParameters.RECURRENT_WEIGHTS, training, workspaces);
    INDArray bias = getParamWithNoise(GruParameters.BIAS, training, workspaces);
    long batch = input.size(0);
    long steps = input.size(2);
    long units = recurrentWeights.size(0);
    DataType type = input.dataType();
    ArrayType memory = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;

    Forward pass = new Forward();
    pass.inputs = workspaces.dup(memory, input, 'f');
    pass.gates = workspaces.create(memory, type, new long[] {batch, 3 * units, steps}, 'f');
    pass.hiddenNew = workspaces.create(memory, type, new long[] {batch, units, steps}, 'f');
    pass.outputs = workspaces.create(ArrayType.ACTIVATIONS, type, new long[] {batch, units, steps + 1}, 'f');
    INDArray recurrent = workspaces.create(memory, type, new long[] {batch, 3 * units}, 'f');
    if (initialState == null) {
      step(pass.outputs, 0).assign(0);
    } else {
      step(pass.outputs, 0).assign(initialState);
    }
    for (int t = 0; t < steps; t++) {
      INDArray gates = step(pass.gates, t);
      INDArray previous = step(pass.outputs, t);
      Nd4j.gemm(step(pass.inputs, t), inputWeights, gates, false, false, 1.0, 0.0);
      gates.addiRowVector(bias);
      Nd4j.gemm(previous, recurrentWeights, recurrent, false, false, 1.0, 0.0);
      INDArray resetAndUpdate = columns(gates, 0, 2 * units);
      resetAndUpdate.addi(columns(recurrent, 0, 2 * units));
      Transforms.sigmoid(resetAndUpdate, false);
      INDArray reset = columns(gates, 0, units);
      INDArray update = columns(gates, units, 2 * units);
      INDArray candidate = columns(gates, 2 * units, 3 * units);
      INDArray hiddenNew = step(pass.hiddenNew, t).assign(columns(recurrent, 2 * units, 3 * units));
      candidate.addi(hiddenNew.mul(reset));
      Transforms.tanh(candidate, false);
      // h' = n + u ⊙ (h − n)
      previous.sub(candidate, step(pass.outputs, t + 1)).muli(update).addi(candidate);
    }
    return pass;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
    assertInputSet(true);
    Forward pass = kept != null ? kept : forward(permuteIfNWC(input), null, true, workspaces);
    kept = null;
    INDArray inputWeights = getParamWithNoise(GruParameters.INPUT_WEIGHTS, true, workspaces);
    INDArray recurrentWeights = getParamWithNoise(GruParameters.RECURRENT_WEIGHTS, true, workspaces);
    long batch = pass.inputs.size(0);
    long inputs = pass.inputs.size(1);
    long steps = pass.inputs.size(2);
    long units = recurrentWeights.size(0);
    DataType type = pass.inputs.dataType();
    ArrayType memory = ArrayType.BP_WORKING_MEM;

    // dL/d(x·W + b) of every step, and dL/dh of every step (step t also gathers what flows back from t + 1).
    INDArray inputGateGradients = workspaces.create(memory, type, new long[] {batch, 3 * units, steps}, 'f');
    INDArray outputGradients = workspaces.dup(memory, permuteIfNWC(epsilon), 'f');
    INDArray recurrentGateGradient = workspaces.create(memory, type, new long[] {batch, 3 * units}, 'f');
    INDArray carried = workspaces.create(memory, type, new long[] {batch, units}, 'f');
    INDArray inputWeightSum = workspaces.create(memory, type, inputWeights.shape(), 'f');
    INDArray recurrentWeightSum = workspaces.create(memory, type, recurrentWeights.shape(), 'f');
    INDArray inputGradient = workspaces.create(ArrayType.ACTIVATION_GRAD, type, new long[] {batch, inputs, steps}, 'f');
    for (long t = steps - 1; t >= 0; t--) {
      try (MemoryWorkspace ignored = workspaces.notifyScopeEntered(ArrayType.RNN_BP_LOOP_WORKING_MEM)) {
        INDArray dh = step(outputGradients, t);
        if (t < steps - 1) {
          dh.addi(carried);
        }
        INDArray gates = step(pass.gates, t);
        INDArray reset = columns(gates, 0, units);
        INDArray update = columns(gates, units, 2 * units);
        INDArray candidate = columns(gates, 2 * units, 3 * units);
        INDArray previous = step(pass.outputs, t);
        INDArray dx = step(inputGateGradients, t);
        INDArray dReset = columns(dx, 0, units);
        INDArray dUpdate = columns(dx, units, 2 * units);
        INDArray dCandidate = columns(dx, 2 * units, 3 * units);

        dh.mul(update.rsub(1.0), dCandidate).muli(candidate.mul(candidate).rsubi(1.0));
        previous.sub(candidate, dUpdate).muli(dh).muli(update).muli(update.rsub(1.0));
        dCandidate.mul(step(pass.hiddenNew, t), dReset).muli(reset).muli(reset.rsub(1.0));
        columns(recurrentGateGradient, 0, 2 * units).assign(columns(dx, 0, 2 * units));
        dCandidate.mul(reset, columns(recurrentGateGradient, 2 * units, 3 * units));

        Nd4j.gemm(recurrentGateGradient, recurrentWeights, carried, false, true, 1.0, 0.0);
        carried.addi(dh.mul(update));
        double accumulate = t == steps - 1 ? 0.0 : 1.0;
        Nd4j.gemm(step(pass.inputs, t), dx, inputWeightSum, true, false, 1.0, accumulate);
        Nd4j.gemm(previous, recurrentGateGradient, recurrentWeightSum, true, false, 1.0, accumulate);
        Nd4j.gemm(dx, inputWeights, step(inputGradient, t), false, true, 1.0, 0.0);
      }
    }
    Map<String, INDArray> views = gradientViews;
    views.get(GruParameters.INPUT_WEIGHTS).assign(inputWeightSum);
    views.get(GruParameters.RECURRENT_WEIGHTS).assign(recurrentWeightSum);
    INDArray biasGradient = views.get(GruParameters.BIAS);
    biasGradient.assign(inputGateGradients.sum(true, 0, 2).reshape(biasGradient.shape()));

    Gradient gradient = new DefaultGradient();
    for (String key : GruParameters.INSTANCE.paramKeys(layerConf())) {
      gradient.gradientForVariable().put(key, views.get(key));
    }
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(permuteIfNWC(inputGradient)));
  }
}
