package io.charstream.generator;

import io.charstream.events.ModelSnapshot;
import io.charstream.events.VocabEntry;
import io.charstream.model.CharModel;
import io.charstream.model.ModelBytes;
import io.charstream.model.cell.Cells;
import io.charstream.model.inference.CharModelInference;
import io.charstream.service.vocab.VocabularyTable;

/**
 * One model version ready to generate: its weights read out for inference, its vocabulary, and
 * the ids it may produce (those of its vocabulary; never the unknown id). The inference step is
 * not thread-safe: one generator thread uses it.
 */
public final class ServedModel {
  final String name;
  final long version;
  final boolean best;
  final CharModelInference network;
  final VocabularyTable vocabulary;
  final boolean[] producible;

  private ServedModel(ModelSnapshot snapshot, CharModelInference network, VocabularyTable vocabulary) {
    this.name = snapshot.getModelName();
    this.version = snapshot.getVersion();
    this.best = snapshot.getBest();
    this.network = network;
    this.vocabulary = vocabulary;
    this.producible = new boolean[snapshot.getVocabCapacity()];
    for (VocabEntry entry : snapshot.getVocab()) {
      if (entry.getId() > VocabularyTable.UNKNOWN_ID && entry.getId() < producible.length) {
        producible[entry.getId()] = true;
      }
    }
  }

  /** A prompt's ids in this model's vocabulary; characters it does not know read as the unknown id. */
  public int[] vocabularyIds(String text) {
    return vocabulary.encode(text);
  }

  public static ServedModel load(ModelSnapshot snapshot) {
    CharModelInference network = CharModel.inference(ModelBytes.read(snapshot.getModelBytes()), 
        Cells.recorded(snapshot.getArchitecture() == null ? null : snapshot.getArchitecture().getCell()));
    VocabularyTable vocabulary = new VocabularyTable(snapshot.getVocabCapacity());
    for (VocabEntry entry : snapshot.getVocab()) {
      vocabulary.record(entry.getChar$(), entry.getId());
    }
    return new ServedModel(snapshot, network, vocabulary);
  }
}
