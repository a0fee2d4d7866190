package dev.orchestrator.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLimitsTest {

  @TempDir
  Path dir;

  private void write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  void read_v2QuotaAndAncestorMemoryLimit() throws IOException {
    write("proc", "0::/app/worker\n");
    write("cg/cgroup.controllers", "cpu memory\n");
    write("cg/app/cpu.max", "max 100000\n");
    write("cg/app/memory.max", "1073741824\n");
    write("cg/app/worker/cpu.max", "150000 100000\n");
    write("cg/app/worker/memory.max", "max\n");
    write("cg/app/worker/memory.current", "104857600\n");

    CgroupLimits limits = CgroupLimits.read(dir.resolve("proc"), dir.resolve("cg"));

    assertThat(limits.cpuQuota().getAsDouble()).isCloseTo(1.5, within(1e-9));
    assertThat(limits.memoryLimit()).hasValue(1L << 30);
    assertThat(limits.memoryUsage()).hasValue(100L << 20);
    assertThat(limits.description()).isEqualTo("cgroup v2");
  }

  @Test
  void read_v2ContainerRootWhenPathIsNotMounted() throws IOException {
    write("proc", "0::/kubepods/pod-1\n");
    write("cg/cgroup.controllers", "cpu memory\n");
    write("cg/cpu.max", "50000 100000\n");
    write("cg/memory.max", "max\n");

    CgroupLimits limits = CgroupLimits.read(dir.resolve("proc"), dir.resolve("cg"));

    assertThat(limits.cpuQuota().getAsDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(limits.memoryLimit()).isEmpty();
    assertThat(limits.memoryUsage()).isEmpty();
  }

  @Test
  void read_v1CombinedCpuControllerAndUnlimitedLeaf() throws IOException {
    write("proc", "4:memory:/process_api/abc\n1:cpu,cpuacct:/docker/x\n0::/\n");
    write("cg/cpu,cpuacct/docker/x/cpu.cfs_quota_us", "200000\n");
    write("cg/cpu,cpuacct/docker/x/cpu.cfs_period_us", "100000\n");
    write("cg/memory/process_api/abc/memory.limit_in_bytes", "9223372036854771712\n");
    write("cg/memory/process_api/abc/memory.usage_in_bytes", "55123968\n");
    write("cg/memory/process_api/memory.limit_in_bytes", "2147483648\n");

    CgroupLimits limits = CgroupLimits.read(dir.resolve("proc"), dir.resolve("cg"));

    assertThat(limits.cpuQuota().getAsDouble()).isCloseTo(2.0, within(1e-9));
    assertThat(limits.memoryLimit()).hasValue(2L << 30);
    assertThat(limits.memoryUsage()).hasValue(55_123_968L);
    assertThat(limits.description()).isEqualTo("cgroup v1");
  }

  @Test
  void read_v1NoQuota() throws IOException {
    write("proc", "3:cpu:/\n4:memory:/\n");
    write("cg/cpu/cpu.cfs_quota_us", "-1\n");
    write("cg/cpu/cpu.cfs_period_us", "100000\n");
    write("cg/memory/memory.limit_in_bytes", "9223372036854771712\n");

    CgroupLimits limits = CgroupLimits.read(dir.resolve("proc"), dir.resolve("cg"));

    assertThat(limits.cpuQuota()).isEmpty();
    assertThat(limits.memoryLimit()).isEmpty();
  }

  @Test
  void read_noCgroupFile() {
    assertThat(CgroupLimits.read(dir.resolve("missing"), dir)).isSameAs(CgroupLimits.NONE);
  }

  @Test
  void read_garbageIgnored() throws IOException {
    write("proc", "garbage\n0::/\n");
    write("cg/cgroup.controllers", "\n");
    write("cg/cpu.max", "lots of cpu\n");
    write("cg/memory.max", "a lot\n");

    CgroupLimits limits = CgroupLimits.read(dir.resolve("proc"), dir.resolve("cg"));

    assertThat(limits.cpuQuota()).isEmpty();
    assertThat(limits.memoryLimit()).isEmpty();
  }
}
