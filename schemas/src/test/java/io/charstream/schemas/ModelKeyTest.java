package io.charstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelKeyTest {
  @Test
  void parsesWhatItWrites() {
    assertThat(ModelKey.parse(ModelKey.of("shakespeare", 42))).contains(new ModelKey("shakespeare", 42));
    assertThat(ModelKey.of("m", 7)).isEqualTo("m@000000000007");
  }

  @Test
  void aModelNameMayItselfContainTheSeparator() {
    assertThat(ModelKey.parse(ModelKey.of("team@corp", 3))).contains(new ModelKey("team@corp", 3));
  }

  @Test
  void keysThatAreNotModelKeysParseToNothing() {
    assertThat(ModelKey.parse(null)).isEmpty();
    assertThat(ModelKey.parse("plain")).isEmpty();
    assertThat(ModelKey.parse("m@")).isEmpty();
    assertThat(ModelKey.parse("@5")).isEmpty();
    assertThat(ModelKey.parse("m@five")).isEmpty();
  }
}
