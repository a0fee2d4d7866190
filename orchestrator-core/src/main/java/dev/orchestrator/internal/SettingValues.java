package dev.orchestrator.internal;

/**
 * The mutable field holder behind an immutable settings class and its builder ({@code RunOptions},
 * {@code FailureAdaptation}, {@code ResourcePressure}): the builder writes one holder, {@code
 * build()} gives the settings a {@link #copy()} and {@code toBuilder()} gives a new builder another,
 * so that no class lists its fields a second and third time to copy them (and none can forget one).
 * A subclass whose fields hold mutable objects copies those in {@link #deepen()}.
 *
 * @param <T> the subclass itself
 */
public abstract class SettingValues<T extends SettingValues<T>> implements Cloneable {

  protected SettingValues() {}

  /** A copy of every field; mutable ones are copied by {@link #deepen()}. */
  @SuppressWarnings("unchecked")
  public final T copy() {
    try {
      T copy = (T) super.clone();
      copy.deepen();
      return copy;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError("SettingValues implements Cloneable", e);
    }
  }

  /** Replaces, in a fresh copy, fields that hold mutable objects by copies of them. */
  protected void deepen() {}
}
