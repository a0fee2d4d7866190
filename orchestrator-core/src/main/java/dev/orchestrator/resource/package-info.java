/**
 * What the machine offers: the {@link dev.orchestrator.resource.ResourceProbe} SPI, its OSHI-based
 * implementation (cgroup-aware cores and memory, a short disk IOPS probe, link speed), the
 * immutable {@link dev.orchestrator.resource.ResourceSnapshot} it returns and user-configured
 * {@link dev.orchestrator.resource.RateLimit rate limits}.
 *
 * <p>Uses the JDK, OSHI and SLF4J, and the argument checks of {@code dev.orchestrator.internal} (which
 * {@code Capacity} shares, so that a figure fails with the same message in both builders); the
 * scaler and the run's resource monitor use it.
 */
package dev.orchestrator.resource;
