package dev.orchestrator.examples.cli;

import dev.orchestrator.resource.ResourceProbe;
import dev.orchestrator.scale.CostModel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the {@code plan} command's auto-scaler gets what it does not read from the command line:
 * the probe that measures the machine and the coordination cost model. The tool measures both
 * ({@link #measured()}); tests pass fixed ones so that no output depends on the machine.
 *
 * @param probe measures the capacity figures {@code --capacity} leaves out
 * @param costs the cost model, made when first needed (measuring it takes a few tens of ms)
 */
record Scaling(ResourceProbe probe, Supplier<CostModel> costs) {

  Scaling {
    Objects.requireNonNull(probe, "probe cannot be null");
    Objects.requireNonNull(costs, "costs cannot be null");
  }

  /** This machine, measured with OSHI, and the cost of a virtual-thread agent measured here. */
  static Scaling measured() {
    return new Scaling(ResourceProbe.oshi(), CostModel::measured);
  }
}
