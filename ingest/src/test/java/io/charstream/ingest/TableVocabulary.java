package io.charstream.ingest;

import io.charstream.service.vocab.VocabularyTable;

/** A vocabulary in memory for topology tests: the same id rules, no Kafka. */
final class TableVocabulary implements Vocabulary {
  final VocabularyTable table;

  TableVocabulary(int capacity) {
    this.table = new VocabularyTable(capacity);
  }

  @Override
  public int[] encode(String text) {
    table.proposeIds(table.unknownCharacters(text)).forEach(table::record);
    return table.encode(text);
  }
}
