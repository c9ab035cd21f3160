package io.charstream.model.cell;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;

/**
 * The one place charstream reaches into DL4J by reflection: DL4J's {@code LSTM} layer keeps its
 * platform helper (the cuDNN hook) in a private field with no setter, and that hook is how
 * {@link FusedLstmHelper} replaces the stock passes while the network stays plain DL4J. A DL4J
 * version without the field fails here, at class load, with this message, and
 * {@code LstmHelperSlotTest} fails with it.
 */
final class LstmHelperSlot {
  private static final Field HELPER = helperField();

  private LstmHelperSlot() {}

  static void install(LSTM layer, LSTMHelper helper) {
    try {
      HELPER.set(layer, helper);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot install the LSTM helper into DL4J's LSTM layer", e);
    }
  }

  static LSTMHelper installed(LSTM layer) {
    try {
      return (LSTMHelper) HELPER.get(layer);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read DL4J's LSTM helper field", e);
    }
  }

  private static Field helperField() {
    try {
      Field field = LSTM.class.getDeclaredField("helper");
      if (!LSTMHelper.class.isAssignableFrom(field.getType())) {
        throw new IllegalStateException("DL4J's LSTM.helper is a " + field.getType() + ", not an LSTMHelper: "
            + "this DL4J version cannot take charstream's fused LSTM passes (set lstm.fused=false)");
      }
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("this DL4J version's LSTM layer has no 'helper' field: charstream's fused LSTM "
          + "passes cannot be installed (set lstm.fused=false)", e);
    }
  }
}
