package dev.orchestrator.examples.cli;

import dev.orchestrator.task.TaskType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@link TaskType} by name: a built-in one ({@code file-io}, ...) or any valid name. */
final class TaskTypeConverter implements ITypeConverter<TaskType> {

  @Override
  public TaskType convert(String value) {
    try {
      return TaskType.of(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
