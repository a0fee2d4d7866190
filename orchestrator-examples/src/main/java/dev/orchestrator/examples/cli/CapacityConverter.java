package dev.orchestrator.examples.cli;

import dev.orchestrator.scale.Capacity;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --capacity cpu=2,memoryGb=24,iops=15000,...} with {@link Capacity#parse(String)}. */
final class CapacityConverter implements ITypeConverter<Capacity> {

  @Override
  public Capacity convert(String value) {
    try {
      return Capacity.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
