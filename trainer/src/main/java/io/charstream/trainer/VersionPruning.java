package io.charstream.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Which model versions to delete: all but the newest few and the best. */
final class VersionPruning {
  private VersionPruning() {}

  /**
   * @param validationLossByVersion every version still kept, with its validation loss (NaN: none)
   * @return the versions to tombstone, oldest first
   */
  static List<Long> toPrune(NavigableMap<Long, Double> validationLossByVersion, int keepNewest) {
    Long best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (Map.Entry<Long, Double> entry : validationLossByVersion.entrySet()) {
      if (!entry.getValue().isNaN() && entry.getValue() < bestLoss) {
        bestLoss = entry.getValue();
        best = entry.getKey();
      }
    }
    List<Long> prune = new ArrayList<>();
    int keptFromNewest = 0;
    for (long version : validationLossByVersion.descendingKeySet()) {
      if (keptFromNewest < keepNewest) {
        keptFromNewest++;
      } else if (best == null || version != best) {
        prune.add(0, version);
      }
    }
    return prune;
  }
}
