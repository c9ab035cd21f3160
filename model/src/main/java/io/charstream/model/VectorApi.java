package io.charstream.model;

/**
 * Whether {@code jdk.incubator.vector} was added to this JVM ({@code --add-modules}): the
 * launcher, the image and the tests add it; without it, generation takes its scalar kernel and
 * training DL4J's own passes.
 */
public final class VectorApi {
  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorApi() {}

  public static boolean available() {
    return AVAILABLE;
  }
}
