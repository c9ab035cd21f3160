package io.charstream.model.cell;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The recurrent cells charstream can train and serve, by name: the one place that lists them. */
public final class Cells {
  public static final RecurrentCell LSTM = new LstmCell();
  public static final RecurrentCell GRU = new GruCell();
  private static final List<RecurrentCell> ALL = List.of(LSTM, GRU);

  private Cells() {}

  public static Optional<RecurrentCell> named(String name) {
    return ALL.stream().filter(cell -> cell.name().equals(name)).findFirst();
  }

  /**
   * The cell a snapshot records; {@code null} (a snapshot written before snapshots recorded their
   * architecture) is an LSTM, the only cell there was.
   */
  public static RecurrentCell recorded(String name) {
    if (name == null) {
      return LSTM;
    }
    return named(name).orElseThrow(() -> new IllegalArgumentException("a snapshot's cell is '" + name
        + "', which this version of charstream does not know (" + names() + ")"));
  }

  /** The names, for settings and messages: {@code lstm|gru}. */
  public static String names() {
    return ALL.stream().map(RecurrentCell::name).collect(Collectors.joining("|"));
  }
}
