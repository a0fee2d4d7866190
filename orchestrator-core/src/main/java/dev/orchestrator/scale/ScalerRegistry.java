package dev.orchestrator.scale;

import dev.orchestrator.task.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scaler per task type: registered on the builder, else found by {@link ServiceLoader}, else
 * built in; a type with none of them falls back to {@link TaskTypeScaler#general()} with a warning.
 */
final class ScalerRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ScalerRegistry.class);

  /** A type's scaler and where it came from. */
  record Entry(TaskTypeScaler scaler, String origin, boolean fallback) {}

  private final Map<TaskType, TaskTypeScaler> registered;
  private final Map<TaskType, Entry> loaded;
  private final List<String> warnings;

  private ScalerRegistry(Map<TaskType, TaskTypeScaler> registered, Map<TaskType, Entry> loaded,
      List<String> warnings) {
    this.registered = Collections.unmodifiableMap(new LinkedHashMap<>(registered));
    this.loaded = Collections.unmodifiableMap(loaded);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The registry of these builder registrations, plus the {@link TaskTypeScalerProvider}s the class
   * loader finds when {@code serviceLoading} is on.
   */
  static ScalerRegistry of(Map<TaskType, TaskTypeScaler> registered, boolean serviceLoading,
      ClassLoader loader) {
    Map<TaskType, Entry> loaded = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    if (serviceLoading) {
      List<TaskTypeScalerProvider> providers = new ArrayList<>();
      var iterator = ServiceLoader.load(TaskTypeScalerProvider.class, loader).iterator();
      while (true) {
        try {
          if (!iterator.hasNext()) {
            break;
          }
          providers.add(iterator.next());
        } catch (ServiceConfigurationError e) {
          LOG.warn("a task type scaler provider could not be loaded", e);
          warnings.add("a task type scaler provider could not be loaded and was skipped: "
              + e.getMessage());
        }
      }
      // Sorted by class name, so that two providers of one type resolve the same way every time.
      providers.sort(Comparator.comparing(p -> p.getClass().getName()));
      for (TaskTypeScalerProvider provider : providers) {
        String name = provider.getClass().getName();
        TaskType type;
        TaskTypeScaler scaler;
        try {
          type = java.util.Objects.requireNonNull(provider.taskType(), "taskType() returned null");
          scaler = java.util.Objects.requireNonNull(provider.scaler(), "scaler() returned null");
        } catch (RuntimeException e) {
          LOG.warn("task type scaler provider {} failed", name, e);
          warnings.add("task type scaler provider " + name + " failed and was skipped: " + e);
          continue;
        }
        Entry previous = loaded.putIfAbsent(type, new Entry(scaler, "ServiceLoader: " + name, false));
        if (previous != null) {
          warnings.add("task type '" + type + "' has two scaler providers: used " + previous.origin()
              + ", ignored " + name);
        }
      }
    }
    return new ScalerRegistry(registered, loaded, warnings);
  }

  /** The scaler of a type. */
  Entry scalerFor(TaskType type) {
    TaskTypeScaler own = registered.get(type);
    if (own != null) {
      return new Entry(own, "registered on the builder", false);
    }
    Entry provided = loaded.get(type);
    if (provided != null) {
      return provided;
    }
    if (type.isBuiltIn()) {
      return new Entry(TaskTypeScaler.builtInFor(type), "built-in", false);
    }
    return new Entry(TaskTypeScaler.general(), "fallback: no scaler registered, treated as general",
        true);
  }

  /** Problems met while loading providers. */
  List<String> warnings() {
    return warnings;
  }
}
