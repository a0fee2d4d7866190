package dev.orchestrator.scale;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measured cost model kept in a file ({@value #FILE_NAME} in the history directory), so that a
 * new JVM on the same machine and JDK does not calibrate again: each {@code plan} or {@code resume}
 * command is a new JVM, and the calibration costs it a few hundred milliseconds.
 *
 * <p>The file records the JDK ({@code java.vm.vendor}, {@code java.runtime.version}, {@code
 * java.home}) and the machine (operating system, architecture, processors, machine id or host
 * name) it was measured on; a cached model measured on another JDK or machine is measured again and
 * the file replaced. A file that cannot be read or written is logged and ignored: the calibration
 * then runs as without a cache. Within one JVM the model is read (or measured) once per directory.
 */
final class CalibrationCache {

  static final String FILE_NAME = "cost-model.properties";
  static final String FORMAT = "orchestrator-cost-model/1";

  private static final Logger LOG = LoggerFactory.getLogger(CalibrationCache.class);
  private static final ConcurrentHashMap<Path, CostModel> LOADED = new ConcurrentHashMap<>();

  private CalibrationCache() {}

  /** The measured model cached in {@code directory}; measured and written when absent or stale. */
  static CostModel measuredIn(Path directory) {
    return LOADED.computeIfAbsent(directory.toAbsolutePath().normalize(), CalibrationCache::load);
  }

  private static CostModel load(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    String jdk = jdk();
    String machine = machine();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        Properties p = new Properties();
        p.load(in);
        if (FORMAT.equals(p.getProperty("format")) && jdk.equals(p.getProperty("jdk"))
            && machine.equals(p.getProperty("machine"))) {
          return fromProperties(p, file);
        }
        LOG.info("{} was measured on another JDK or machine: calibrating again", file);
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} cannot be read, calibrating again: {}", file, e.toString());
      }
    }
    CostModel measured = CostModel.measured();
    write(file, measured, jdk, machine);
    return measured;
  }

  static CostModel fromProperties(Properties p, Path file) {
    String when = p.getProperty("measuredAt");
    String cached = " (cached in " + file + ", measured " + when + ")";
    return CostModel.of(
        Duration.ofNanos(Long.parseLong(p.getProperty("agentStartupNanos"))),
        p.getProperty("agentStartupSource") + cached,
        Duration.ofNanos(Long.parseLong(p.getProperty("taskDispatchNanos"))),
        p.getProperty("taskDispatchSource") + cached,
        Double.parseDouble(p.getProperty("contention")),
        Integer.parseInt(p.getProperty("contenders")),
        p.getProperty("contentionSource") + cached);
  }

  private static void write(Path file, CostModel model, String jdk, String machine) {
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("measuredAt", Instant.now().toString());
    p.setProperty("jdk", jdk);
    p.setProperty("machine", machine);
    p.setProperty("agentStartupNanos", Long.toString(model.agentStartup().toNanos()));
    p.setProperty("agentStartupSource", model.agentStartupSource());
    p.setProperty("taskDispatchNanos", Long.toString(model.taskDispatch().toNanos()));
    p.setProperty("taskDispatchSource", model.taskDispatchSource());
    p.setProperty("contention", Double.toString(model.contention()));
    p.setProperty("contenders", Integer.toString(model.contenders()));
    p.setProperty("contentionSource", model.contentionSource());
    try {
      Files.createDirectories(file.getParent());
      // Written beside and moved into place, so a concurrent reader sees the old or the new file.
      Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        p.store(out, "the orchestrator's measured cost model; deleting it makes the next JVM"
            + " calibrate again");
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot cache the cost model in {}: {}", file, e.toString());
    }
  }

  /** The JDK a calibration belongs to. */
  static String jdk() {
    return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
        + " " + System.getProperty("java.home");
  }

  /** The machine a calibration belongs to. */
  static String machine() {
    return String.format(Locale.ROOT, "%s %s %s, %d processors, %s",
        System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), machineId());
  }

  private static String machineId() {
    for (String id : new String[] {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
      try {
        Path path = Path.of(id);
        if (Files.isReadable(path)) {
          String text = Files.readString(path, StandardCharsets.UTF_8).strip();
          if (!text.isEmpty()) {
            return "machine id " + text;
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("cannot read {}", id, e);
      }
    }
    String host = System.getenv("HOSTNAME");
    if (host == null) {
      host = System.getenv("COMPUTERNAME");
    }
    return "host " + (host == null ? "unknown" : host);
  }

  /** Forgets what this JVM read, so that a test sees the file again. */
  static void forgetLoaded() {
    LOADED.clear();
  }
}
