package io.charstream.model.cell;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.model.CharModel;
import io.charstream.model.ModelSettings;
import java.util.Set;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** Fails loudly when a DL4J upgrade moves the LSTM helper field that the fused passes use. */
class LstmHelperSlotTest {
  @Test
  void theFusedPassesAreInstalledIntoEveryLstmLayerOfThisDl4jVersion() {
    MultiLayerNetwork network = CharModel.create(new ModelSettings(8, 16, 2, 0, 0, 0.01, 3, Cells.LSTM, true), 16,
        Set.of(1, 2));
    for (int l = 1; l <= 2; l++) {
      assertThat(LstmHelperSlot.installed((LSTM) network.getLayer(l))).as("layer %d's helper", l)
          .isInstanceOf(FusedLstmHelper.class);
    }
  }
}
