package io.charstream.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Writes continuations for several prompts at once with one model: each prompt is read on its
 * own (prompts differ in length), then their recurrent states are stacked and every further
 * character of every request comes from one batched step of the network. Each request samples
 * with its own random source, so its text depends only on its prompt, settings, seed and the
 * model version.
 */
public final class ContinuationGenerator {

  /** One request's part in a batch. */
  public record Job(int[] promptIds, int length, double temperature, int topK, Random random) {}

  private ContinuationGenerator() {}

  /** @return each job's continuation, as ids */
  public static List<int[]> generate(ServedModel model, List<Job> jobs) {
    MultiLayerNetwork network = model.network;
    List<Integer> lstmLayers = lstmLayers(network);
    int vocabulary = model.producible.length;
    List<float[]> next = new ArrayList<>();
    List<List<Map<String, INDArray>>> states = new ArrayList<>();
    for (Job job : jobs) {
      network.rnnClearPreviousState();
      // Rank 3 ([batch, 1, steps]): with rank 2, rnnTimeStep treats the input as one time step.
      INDArray prompt = Nd4j.create(toFloats(job.promptIds()), new long[] {1, 1, job.promptIds().length}, 'c');
      INDArray out = network.rnnTimeStep(prompt);
      next.add(lastStep(out, 0));
      List<Map<String, INDArray>> state = new ArrayList<>();
      for (int layer : lstmLayers) {
        Map<String, INDArray> layerState = new java.util.HashMap<>();
        network.rnnGetPreviousState(layer).forEach((key, value) -> layerState.put(key, value.dup()));
        state.add(layerState);
      }
      states.add(state);
    }
    // Stack the states: row j of every state array is request j.
    network.rnnClearPreviousState();
    for (int l = 0; l < lstmLayers.size(); l++) {
      Map<String, INDArray> stacked = new java.util.HashMap<>();
      for (String key : states.get(0).get(l).keySet()) {
        INDArray[] rows = new INDArray[jobs.size()];
        for (int j = 0; j < jobs.size(); j++) {
          rows[j] = states.get(j).get(l).get(key);
        }
        stacked.put(key, Nd4j.vstack(rows));
      }
      network.rnnSetPreviousState(lstmLayers.get(l), stacked);
    }
    int longest = jobs.stream().mapToInt(Job::length).max().orElse(0);
    List<int[]> texts = new ArrayList<>();
    jobs.forEach(job -> texts.add(new int[job.length()]));
    float[] input = new float[jobs.size()];
    for (int position = 0; position < longest; position++) {
      for (int j = 0; j < jobs.size(); j++) {
        Job job = jobs.get(j);
        int id = Sampler.sample(next.get(j), model.producible, job.temperature(), job.topK(), job.random());
        if (position < job.length()) {
          texts.get(j)[position] = id;
        }
        input[j] = id;
      }
      if (position == longest - 1) {
        break;
      }
      INDArray out = network.rnnTimeStep(Nd4j.create(input.clone(), new long[] {jobs.size(), 1, 1}, 'c'));
      for (int j = 0; j < jobs.size(); j++) {
        next.set(j, lastStep(out, j));
      }
    }
    network.rnnClearPreviousState();
    return texts;
  }

  private static List<Integer> lstmLayers(MultiLayerNetwork network) {
    List<Integer> layers = new ArrayList<>();
    Layer[] all = network.getLayers();
    for (int i = 0; i < all.length; i++) {
      if (all[i] instanceof LSTM) {
        layers.add(i);
      }
    }
    return layers;
  }

  /** Request row's probabilities at the last time step of a {@code [batch, vocabulary, steps]} output. */
  private static float[] lastStep(INDArray out, int row) {
    long steps = out.size(2);
    return out.get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.point(steps - 1))
        .castTo(DataType.FLOAT).dup().toFloatVector();
  }

  private static float[] toFloats(int[] ids) {
    float[] values = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      values[i] = ids[i];
    }
    return values;
  }
}
