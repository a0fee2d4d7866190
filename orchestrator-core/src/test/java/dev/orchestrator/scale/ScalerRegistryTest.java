package dev.orchestrator.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.task.TaskType;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalerRegistryTest {

  static final TaskType LLM = TaskType.of("llm-call");

  /** Provides a scaler for llm-call. */
  public static final class LlmProvider implements TaskTypeScalerProvider {
    @Override
    public TaskType taskType() {
      return LLM;
    }

    @Override
    public TaskTypeScaler scaler() {
      return TaskTypeScaler.atMost(7, "from the service loader");
    }
  }

  /** A second provider for the same type; its name sorts after LlmProvider's. */
  public static final class LlmProviderToo implements TaskTypeScalerProvider {
    @Override
    public TaskType taskType() {
      return LLM;
    }

    @Override
    public TaskTypeScaler scaler() {
      return TaskTypeScaler.atMost(9, "never used");
    }
  }

  /** A provider that fails. */
  public static final class BrokenProvider implements TaskTypeScalerProvider {
    @Override
    public TaskType taskType() {
      throw new IllegalStateException("no type today");
    }

    @Override
    public TaskTypeScaler scaler() {
      return TaskTypeScaler.general();
    }
  }

  @TempDir
  Path dir;

  private ClassLoader loaderListing(Class<?>... providers) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder lines = new StringBuilder();
    for (Class<?> provider : providers) {
      lines.append(provider.getName()).append('\n');
    }
    Files.writeString(services.resolve(TaskTypeScalerProvider.class.getName()), lines);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void scalerFor_serviceLoaded() throws IOException {
    ScalerRegistry registry = ScalerRegistry.of(Map.of(), true, loaderListing(LlmProvider.class));
    ScalerRegistry.Entry entry = registry.scalerFor(LLM);
    assertThat(entry.origin()).isEqualTo("ServiceLoader: " + LlmProvider.class.getName());
    assertThat(entry.fallback()).isFalse();
    assertThat(entry.scaler().cap(null, Capacity.none(), null).agents()).isEqualTo(7);
    assertThat(registry.warnings()).isEmpty();
  }

  @Test
  void scalerFor_twoProvidersFirstByClassNameWins() throws IOException {
    ScalerRegistry registry = ScalerRegistry.of(Map.of(), true,
        loaderListing(LlmProviderToo.class, LlmProvider.class));
    assertThat(registry.scalerFor(LLM).scaler().cap(null, Capacity.none(), null).agents())
        .isEqualTo(7);
    assertThat(registry.warnings()).containsExactly("task type 'llm-call' has two scaler"
        + " providers: used ServiceLoader: " + LlmProvider.class.getName() + ", ignored "
        + LlmProviderToo.class.getName());
  }

  @Test
  void of_brokenProviderSkippedWithWarning() throws IOException {
    ScalerRegistry registry = ScalerRegistry.of(Map.of(), true,
        loaderListing(BrokenProvider.class, LlmProvider.class));
    assertThat(registry.scalerFor(LLM).origin()).startsWith("ServiceLoader: ");
    assertThat(registry.warnings()).containsExactly("task type scaler provider "
        + BrokenProvider.class.getName() + " failed and was skipped:"
        + " java.lang.IllegalStateException: no type today");
  }

  @Test
  void of_unloadableProviderSkippedWithWarning() throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(TaskTypeScalerProvider.class.getName()),
        "com.example.Missing\n");
    ScalerRegistry registry = ScalerRegistry.of(Map.of(), true,
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader()));
    assertThat(registry.warnings()).singleElement().asString()
        .startsWith("a task type scaler provider could not be loaded and was skipped: ")
        .contains("com.example.Missing");
  }

  @Test
  void scalerFor_builderBeatsServiceLoader() throws IOException {
    TaskTypeScaler own = TaskTypeScaler.atMost(3, "mine");
    ScalerRegistry registry = ScalerRegistry.of(Map.of(LLM, own), true,
        loaderListing(LlmProvider.class));
    assertThat(registry.scalerFor(LLM).scaler()).isSameAs(own);
    assertThat(registry.scalerFor(LLM).origin()).isEqualTo("registered on the builder");
  }

  @Test
  void scalerFor_builtInAndFallback() {
    ScalerRegistry registry = ScalerRegistry.of(Map.of(), false, getClass().getClassLoader());
    assertThat(registry.scalerFor(TaskType.FILE_IO).origin()).isEqualTo("built-in");
    ScalerRegistry.Entry unknown = registry.scalerFor(LLM);
    assertThat(unknown.fallback()).isTrue();
    assertThat(unknown.scaler()).isSameAs(TaskTypeScaler.general());
    assertThat(unknown.origin()).isEqualTo("fallback: no scaler registered, treated as general");
  }

  @Test
  void builder_scalerTwice() {
    AutoScaler.Builder builder = AutoScaler.builder().scaler(LLM, TaskTypeScaler.general());
    assertThatThrownBy(() -> builder.scaler(LLM, TaskTypeScaler.micro()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("a scaler for task type 'llm-call' was already registered: ");
  }
}
