package dev.orchestrator.examples.scenarios;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fleet of simulated servers behind one real HTTP server on loopback (the JDK's {@link
 * HttpServer}, on an ephemeral port). Every server has a version, a health flag and counters that
 * the endpoints really change, so what a deployment did can be checked afterwards, server side.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code POST /backup}</td><td>snapshots every server's version</td></tr>
 *   <tr><td>{@code GET /releases/v2/manifest}</td><td>the release's SHA-256 and size</td></tr>
 *   <tr><td>{@code GET /releases/v2/package?region=R}</td><td>the package from region R's mirror</td></tr>
 *   <tr><td>{@code POST /servers/ID/deploy?version=V}</td><td>installs V (takes the configured latency)</td></tr>
 *   <tr><td>{@code GET /servers/ID/health}</td><td>200 when healthy, else 503; the body names the version</td></tr>
 *   <tr><td>{@code POST /servers/ID/rollback}</td><td>restores the backed-up version</td></tr>
 *   <tr><td>{@code GET /fleet}</td><td>counts per region, as JSON</td></tr>
 * </table>
 *
 * <p>Faults are placed per server from the random seed: a transient fault answers the first deploy with
 * 503; a broken deploy answers every deploy with 500 and leaves the server half-installed; an
 * unhealthy server accepts the deploy but fails its health check. More requests at once than the
 * limit are refused with 429.
 */
final class Fleet implements AutoCloseable {

  /** The version the servers run before the deployment. */
  static final String OLD_VERSION = "v1";
  /** The version being deployed. */
  static final String NEW_VERSION = "v2";
  /** The regions, in order; servers are spread over them in contiguous blocks. */
  static final List<String> REGIONS = List.of("us-east", "us-west", "eu-west", "eu-central", "ap-south");

  private static final int PACKAGE_BYTES = 256 * 1024;

  /** What is wrong with a server. */
  enum Fault { NONE, TRANSIENT, BROKEN_DEPLOY, UNHEALTHY }

  /** One server of the fleet. */
  record Server(int index, String id, String region) {}

  /**
   * How the fleet behaves.
   *
   * @param servers how many
   * @param failureRate the share of servers whose deployment fails for good (half broken deploys,
   *     half unhealthy after deploy)
   * @param transientRate the share of servers whose first deploy is refused with 503
   * @param regionFaults extra failure rate per region
   * @param latency how long a deploy or a rollback takes server side
   * @param maxInFlight the most requests served at once; more are refused with 429
   * @param seed where the faults are placed
   */
  record Config(int servers, double failureRate, double transientRate, Map<String, Double> regionFaults,
      Duration latency, int maxInFlight, long seed) {
    Config {
      if (servers < 1) {
        throw new IllegalArgumentException("servers must be at least 1: " + servers);
      }
      rate("failure rate", failureRate);
      rate("transient rate", transientRate);
      regionFaults = Map.copyOf(regionFaults);
      regionFaults.forEach((region, rate) -> {
        if (!REGIONS.contains(region)) {
          throw new IllegalArgumentException("unknown region '" + region + "' in the region faults;"
              + " the regions are " + String.join(", ", REGIONS));
        }
        rate("fault rate of region " + region, rate);
      });
      Objects.requireNonNull(latency, "latency cannot be null");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency cannot be negative: " + latency);
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("max in-flight requests must be at least 1: " + maxInFlight);
      }
    }

    private static void rate(String name, double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(name + " must be within [0, 1]: " + rate);
      }
    }
  }

  private final Config config;
  private final HttpServer http;
  private final ExecutorService executor;
  private final List<Server> servers;
  private final Map<String, Integer> indexById;
  private final Fault[] faults;
  private final AtomicReferenceArray<String> versions;
  private final AtomicIntegerArray healthy;
  private final AtomicIntegerArray deployRequests;
  private final AtomicIntegerArray healthChecks;
  private final AtomicIntegerArray rollbacks;
  private final AtomicLongArray deployedAt; // nanos of the last successful deploy, 0 if none
  private final AtomicIntegerArray packageDownloads = new AtomicIntegerArray(REGIONS.size());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger backups = new AtomicInteger();
  private final AtomicLong backupAt = new AtomicLong();
  private final byte[] release;
  private final String releaseSha256;
  private volatile String[] backup;

  private Fleet(Config config) throws IOException {
    this.config = config;
    int n = config.servers();
    List<Server> list = new ArrayList<>(n);
    Map<String, Integer> ids = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      String region = REGIONS.get((int) ((long) i * REGIONS.size() / n));
      Server server = new Server(i, String.format(Locale.ROOT, "srv-%05d", i + 1), region);
      list.add(server);
      ids.put(server.id(), i);
    }
    this.servers = Collections.unmodifiableList(list);
    this.indexById = ids;
    this.faults = placeFaults(config, list);
    this.versions = new AtomicReferenceArray<>(n);
    this.healthy = new AtomicIntegerArray(n);
    for (int i = 0; i < n; i++) {
      versions.set(i, OLD_VERSION);
      healthy.set(i, 1);
    }
    this.deployRequests = new AtomicIntegerArray(n);
    this.healthChecks = new AtomicIntegerArray(n);
    this.rollbacks = new AtomicIntegerArray(n);
    this.deployedAt = new AtomicLongArray(n);
    this.release = new byte[PACKAGE_BYTES];
    new SplittableRandom(config.seed()).nextBytes(release);
    this.releaseSha256 = sha256(release);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
  }

  /** Starts the fleet's HTTP server on an ephemeral loopback port. */
  static Fleet start(Config config) throws IOException {
    return new Fleet(config);
  }

  private static Fault[] placeFaults(Config config, List<Server> servers) {
    SplittableRandom random = new SplittableRandom(config.seed());
    Fault[] faults = new Fault[servers.size()];
    for (Server server : servers) {
      double failure = Math.min(1, config.failureRate() + config.regionFaults().getOrDefault(server.region(), 0.0));
      double r = random.nextDouble();
      boolean half = random.nextBoolean();
      faults[server.index()] = r < failure ? (half ? Fault.BROKEN_DEPLOY : Fault.UNHEALTHY)
          : r < failure + config.transientRate() ? Fault.TRANSIENT : Fault.NONE;
    }
    return faults;
  }

  /** The base address, e.g. {@code http://127.0.0.1:41234/}. */
  URI uri() {
    return URI.create("http://" + http.getAddress().getHostString() + ":" + http.getAddress().getPort() + "/");
  }

  Config config() {
    return config;
  }

  /** The servers, in index order. */
  List<Server> servers() {
    return servers;
  }

  // ------------------------------------------------------------------ server-side truth, for checks

  Fault fault(int server) {
    return faults[server];
  }

  String version(int server) {
    return versions.get(server);
  }

  boolean healthy(int server) {
    return healthy.get(server) == 1;
  }

  int deployRequests(int server) {
    return deployRequests.get(server);
  }

  int healthChecks(int server) {
    return healthChecks.get(server);
  }

  int rollbacks(int server) {
    return rollbacks.get(server);
  }

  /** When the server's last successful deploy happened (System.nanoTime), or 0. */
  long deployedAt(int server) {
    return deployedAt.get(server);
  }

  /** When the backup was taken (System.nanoTime), or 0. */
  long backupAt() {
    return backupAt.get();
  }

  int backups() {
    return backups.get();
  }

  int packageDownloads(String region) {
    return packageDownloads.get(REGIONS.indexOf(region));
  }

  int peakInFlight() {
    return peakInFlight.get();
  }

  int refused() {
    return refused.get();
  }

  String releaseSha256() {
    return releaseSha256;
  }

  // ------------------------------------------------------------------------------------ HTTP

  /** A response, made before it is written so that the request stops counting as in flight first. */
  private record Reply(int status, byte[] body) {
    static Reply json(int status, String json) {
      return new Reply(status, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    Reply reply;
    try {
      if (now > config.maxInFlight()) {
        refused.incrementAndGet();
        reply = Reply.json(429, "{\"error\":\"more than " + config.maxInFlight() + " requests at once\"}");
      } else {
        reply = route(exchange);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = Reply.json(503, "{\"error\":\"shutting down\"}");
    } finally {
      // Done before the reply is written: a client can send its next request only after reading
      // this reply, so a client with one request at a time never overlaps itself here.
      inFlight.decrementAndGet();
    }
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type",
          reply.body().length > 0 && reply.body()[0] == '{' ? "application/json" : "application/octet-stream");
      exchange.sendResponseHeaders(reply.status(), reply.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
  }

  private Reply route(HttpExchange exchange) throws InterruptedException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    String[] parts = path.substring(1).split("/");
    if (method.equals("POST") && path.equals("/backup")) {
      return backup();
    }
    if (method.equals("GET") && path.equals("/releases/" + NEW_VERSION + "/manifest")) {
      return Reply.json(200, "{\"version\":\"" + NEW_VERSION + "\",\"sha256\":\"" + releaseSha256
          + "\",\"size\":" + release.length + "}");
    }
    if (method.equals("GET") && path.equals("/releases/" + NEW_VERSION + "/package")) {
      String region = param(query, "region");
      int r = REGIONS.indexOf(region);
      if (r < 0) {
        return Reply.json(404, "{\"error\":\"no mirror in region " + region + "\"}");
      }
      packageDownloads.incrementAndGet(r);
      return new Reply(200, release);
    }
    if (parts.length == 3 && parts[0].equals("servers")) {
      Integer server = indexById.get(parts[1]);
      if (server == null) {
        return Reply.json(404, "{\"error\":\"no server " + parts[1] + "\"}");
      }
      if (method.equals("POST") && parts[2].equals("deploy")) {
        return deploy(server, param(query, "version"));
      }
      if (method.equals("GET") && parts[2].equals("health")) {
        healthChecks.incrementAndGet(server);
        return Reply.json(healthy(server) ? 200 : 503, status(server));
      }
      if (method.equals("POST") && parts[2].equals("rollback")) {
        return rollback(server);
      }
    }
    if (method.equals("GET") && path.equals("/fleet")) {
      return Reply.json(200, summaryJson());
    }
    return Reply.json(404, "{\"error\":\"no such endpoint: " + method + " " + path + "\"}");
  }

  private Reply backup() throws InterruptedException {
    Thread.sleep(config.latency());
    String[] snapshot = new String[servers.size()];
    for (int i = 0; i < snapshot.length; i++) {
      snapshot[i] = versions.get(i);
    }
    backup = snapshot;
    backups.incrementAndGet();
    backupAt.set(System.nanoTime());
    return Reply.json(200, "{\"servers\":" + snapshot.length + "}");
  }

  private Reply deploy(int server, String version) throws InterruptedException {
    int attempt = deployRequests.incrementAndGet(server);
    if (!NEW_VERSION.equals(version)) {
      return Reply.json(400, "{\"error\":\"unknown version " + version + "\"}");
    }
    Thread.sleep(config.latency());
    switch (faults[server]) {
      case TRANSIENT -> {
        if (attempt == 1) {
          return Reply.json(503, "{\"error\":\"" + servers.get(server).id() + " is busy, try again\"}");
        }
        install(server, true);
      }
      case BROKEN_DEPLOY -> {
        versions.set(server, NEW_VERSION); // half installed
        healthy.set(server, 0);
        return Reply.json(500, "{\"error\":\"install failed on " + servers.get(server).id() + "\"}");
      }
      case UNHEALTHY -> install(server, false);
      case NONE -> install(server, true);
    }
    return Reply.json(200, status(server));
  }

  private void install(int server, boolean healthyAfter) {
    versions.set(server, NEW_VERSION);
    healthy.set(server, healthyAfter ? 1 : 0);
    deployedAt.set(server, System.nanoTime());
  }

  private Reply rollback(int server) throws InterruptedException {
    String[] snapshot = backup;
    if (snapshot == null) {
      return Reply.json(409, "{\"error\":\"no backup to roll back to\"}");
    }
    Thread.sleep(config.latency());
    versions.set(server, snapshot[server]);
    healthy.set(server, 1);
    rollbacks.incrementAndGet(server);
    return Reply.json(200, status(server));
  }

  private String status(int server) {
    Server s = servers.get(server);
    return "{\"server\":\"" + s.id() + "\",\"region\":\"" + s.region() + "\",\"version\":\""
        + versions.get(server) + "\",\"healthy\":" + healthy(server) + "}";
  }

  /** Counts per region: servers, on the new version and healthy, rolled back, deploy requests. */
  private String summaryJson() {
    Map<String, int[]> perRegion = new LinkedHashMap<>();
    for (String region : REGIONS) {
      perRegion.put(region, new int[5]);
    }
    for (Server s : servers) {
      int[] c = perRegion.get(s.region());
      int i = s.index();
      c[0]++;
      if (NEW_VERSION.equals(versions.get(i)) && healthy(i)) {
        c[1]++;
      }
      if (rollbacks.get(i) > 0) {
        c[2]++;
      }
      c[3] += deployRequests.get(i);
      c[4] += healthChecks.get(i);
    }
    StringBuilder json = new StringBuilder("{\"version\":\"" + NEW_VERSION + "\",\"regions\":{");
    boolean first = true;
    for (Map.Entry<String, int[]> e : perRegion.entrySet()) {
      int[] c = e.getValue();
      json.append(first ? "" : ",").append('"').append(e.getKey()).append("\":{\"servers\":").append(c[0])
          .append(",\"onNewVersion\":").append(c[1]).append(",\"rolledBack\":").append(c[2])
          .append(",\"deployRequests\":").append(c[3]).append(",\"healthChecks\":").append(c[4]).append('}');
      first = false;
    }
    return json.append("},\"peakInFlight\":").append(peakInFlight.get()).append(",\"refused\":")
        .append(refused.get()).append('}').toString();
  }

  private static String param(String query, String name) {
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Stops the HTTP server at once (tasks are done by then) and its handler threads. */
  @Override
  public void close() {
    http.stop(0);
    executor.close();
  }
}
