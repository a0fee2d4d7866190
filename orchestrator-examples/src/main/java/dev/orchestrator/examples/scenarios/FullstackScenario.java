package dev.orchestrator.examples.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.Workflow;
import dev.orchestrator.observe.RunReport;
import dev.orchestrator.plan.ExecutionMode;
import dev.orchestrator.plan.Plan;
import dev.orchestrator.task.DependencyKind;
import dev.orchestrator.task.MessageChannel;
import dev.orchestrator.task.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guide's third example: "implement user authentication" as a mesh ({@link ExecutionMode#MESH}):
 * after the architect's spec, the frontend, backend and database tasks run at the same time and
 * negotiate through the run's message channel ({@code ctx.channel()}) — the database proposes a
 * schema, the backend drafts an API contract from it, the frontend reviews the contract against the
 * spec and asks for what it misses, the backend asks the database for a column, and they iterate
 * until the frontend accepts. Each then writes its part ({@code db/schema.sql}, {@code
 * api/openapi.json}, {@code web/login.js}); an integration check, a security audit and a review
 * follow. Every wait on the channel has a timeout, so a missing peer fails the run rather than
 * hanging it.
 */
public final class FullstackScenario implements Scenario {

  static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_ROUNDS = 4;
  private static final Duration PEER = Duration.ofMillis(20);
  private static final Duration CHECK = Duration.ofMillis(5);

  @Override
  public String name() {
    return "fullstack";
  }

  @Override
  public String description() {
    return "mesh: frontend, backend and database agree on an API contract while they run";
  }

  @Override
  public PreparedScenario prepare(ScenarioSettings settings) {
    settings.out().printf(Locale.ROOT, "Application: written into %s%n", settings.runDir().resolve("app"));
    return new Feature(settings.runDir());
  }

  // ---------------------------------------------------------------------------- the messages

  /** The architect's spec: what the feature must let a user do. */
  record Spec(String feature, List<String> capabilities) {}

  /** A database schema version: table to columns. */
  record Schema(int version, Map<String, List<String>> tables) {
    boolean has(String column) {
      int dot = column.indexOf('.');
      return tables.getOrDefault(column.substring(0, dot), List.of()).contains(column.substring(dot + 1));
    }
  }

  /** Columns the backend asks the database to add, with why. */
  record SchemaRequest(List<String> columns, String reason) {}

  /** An endpoint: request and response fields, and the column each response field comes from. */
  record Endpoint(String method, String path, List<String> request, List<String> response,
      Map<String, String> columns) {}

  /** A version of the API contract. */
  record Contract(int version, List<Endpoint> endpoints) {
    Endpoint endpoint(String method, String path) {
      return endpoints.stream().filter(e -> e.method().equals(method) && e.path().equals(path)).findFirst()
          .orElse(null);
    }

    /** SHA-256 of a canonical form: what the peers compare to know they agree. */
    String hash() {
      StringBuilder canonical = new StringBuilder();
      for (Endpoint e : endpoints) {
        canonical.append(e.method()).append(' ').append(e.path()).append(' ').append(e.request()).append(" -> ")
            .append(e.response()).append(' ').append(new TreeMap<>(e.columns())).append('\n');
      }
      return sha256(canonical.toString());
    }
  }

  /** The frontend's review of a contract version. */
  record ContractReview(int version, boolean accepted, List<String> requests, String hash) {}

  /** The contract everyone builds against, and the schema version it needs. */
  record Agreement(String contractHash, int schemaVersion) {}

  /** What a peer built, and against which contract. */
  record Built(String role, Path file, String contractHash) {}

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** One feature being built. */
  static final class Feature implements PreparedScenario {
    private final Path runDir;
    private final Path app;

    Feature(Path runDir) {
      this.runDir = runDir;
      this.app = runDir.resolve("app");
    }

    @Override
    public Workflow workflow() {
      return Workflow.named("implement user authentication")
          .goal("Implement OAuth2 authentication: login UI, auth service and database schema, agreed"
              + " between frontend, backend and DBA while they work")
          .mode(ExecutionMode.MESH)
          .task("architect", t -> t.name("Architect: auth flow and capabilities").estimate(CHECK)
              .produce(ctx -> new Spec("login", List.of("log in with email and password", "remember me",
                  "show the user's display name", "log out"))))
          .task("database", t -> t.name("DBA: schema").estimate(PEER).after(DependencyKind.DATA, "architect")
              .produce(this::database))
          .task("backend", t -> t.name("Backend: auth API").estimate(PEER).after(DependencyKind.DATA, "architect")
              .produce(this::backend))
          .task("frontend", t -> t.name("Frontend: login UI").estimate(PEER).after(DependencyKind.DATA, "architect")
              .produce(this::frontend))
          .task("integration", t -> t.name("QA: integration check of the three parts").estimate(CHECK)
              .after(DependencyKind.DATA, "database", "backend", "frontend").produce(ctx -> integrate(ctx)))
          .task("security", t -> t.name("Security audit").estimate(CHECK).after("database", "backend", "frontend")
              .produce(ctx -> audit()))
          .task("review", t -> t.name("Review: negotiation transcript").estimate(CHECK)
              .after(DependencyKind.DATA, "integration", "security").run(this::review))
          .build();
    }

    // ------------------------------------------------------------------------------ peers

    private Built database(TaskContext ctx) throws Exception {
      MessageChannel channel = ctx.channel();
      Map<String, List<String>> tables = new LinkedHashMap<>();
      tables.put("users", new ArrayList<>(List.of("id", "email", "password_hash", "created_at")));
      tables.put("sessions", new ArrayList<>(List.of("token", "user_id", "expires_at")));
      int version = 1;
      channel.publish("schema", new Schema(version, copy(tables)));
      SchemaRequest request = channel.await("schema-requests", 0, SchemaRequest.class, PEER_TIMEOUT);
      if (!request.columns().isEmpty()) {
        for (String column : request.columns()) {
          int dot = column.indexOf('.');
          List<String> columns = tables.get(column.substring(0, dot));
          if (columns == null) {
            throw new IllegalStateException("the backend asked for a column of an unknown table: " + column);
          }
          columns.add(column.substring(dot + 1));
        }
        channel.publish("schema", new Schema(++version, copy(tables)));
      }
      Agreement agreement = channel.await("contract-agreed", 0, Agreement.class, PEER_TIMEOUT);
      if (agreement.schemaVersion() != version) {
        throw new IllegalStateException("the contract needs schema v" + agreement.schemaVersion() + ", ours is v" + version);
      }
      StringBuilder sql = new StringBuilder("-- Schema v" + version + " for API contract " + agreement.contractHash() + "\n");
      for (Map.Entry<String, List<String>> table : tables.entrySet()) {
        sql.append("CREATE TABLE ").append(table.getKey()).append(" (\n");
        List<String> columns = table.getValue();
        for (int i = 0; i < columns.size(); i++) {
          sql.append("  ").append(columns.get(i)).append(' ').append(sqlType(columns.get(i)))
              .append(i < columns.size() - 1 ? ",\n" : "\n");
        }
        sql.append(");\n\n");
      }
      Path file = write("db/schema.sql", sql.toString());
      ctx.artifact(file);
      return new Built("database", file, agreement.contractHash());
    }

    private static String sqlType(String column) {
      return switch (column) {
        case "id" -> "BIGINT PRIMARY KEY";
        case "user_id" -> "BIGINT NOT NULL REFERENCES users(id)";
        case "token" -> "TEXT PRIMARY KEY";
        case "created_at", "expires_at" -> "TIMESTAMP NOT NULL";
        case "email" -> "TEXT NOT NULL UNIQUE";
        case "password_hash" -> "TEXT NOT NULL";
        default -> "TEXT";
      };
    }

    private Built backend(TaskContext ctx) throws Exception {
      MessageChannel channel = ctx.channel();
      Schema schema = channel.await("schema", 0, Schema.class, PEER_TIMEOUT);
      // The first draft offers what the proposed schema holds.
      List<Endpoint> endpoints = new ArrayList<>(List.of(
          new Endpoint("POST", "/login", List.of("email", "password"), List.of("token", "expiresAt"),
              Map.of("token", "sessions.token", "expiresAt", "sessions.expires_at")),
          new Endpoint("GET", "/me", List.of("token"), List.of("email"), Map.of("email", "users.email")),
          new Endpoint("POST", "/logout", List.of("token"), List.of(), Map.of())));
      Contract contract = new Contract(1, List.copyOf(endpoints));
      channel.publish("contract", contract);
      boolean askedDatabase = false;
      for (int round = 0; round < MAX_ROUNDS; round++) {
        ContractReview review = channel.await("contract-review", round, ContractReview.class, PEER_TIMEOUT);
        if (review.accepted()) {
          if (!review.hash().equals(contract.hash())) {
            throw new IllegalStateException("the frontend accepted a contract we did not publish: " + review.hash());
          }
          if (!askedDatabase) {
            channel.publish("schema-requests", new SchemaRequest(List.of(), "no change needed"));
          }
          channel.publish("contract-agreed", new Agreement(contract.hash(), schema.version()));
          Path file = writeContract(contract);
          ctx.artifact(file);
          return new Built("backend", file, contract.hash());
        }
        // Each request reads "METHOD PATH request|response field".
        List<String> columns = new ArrayList<>();
        for (String request : review.requests()) {
          String[] parts = request.split(" ");
          Endpoint e = contract.endpoint(parts[0], parts[1]);
          String field = parts[3];
          if (parts[2].equals("response")) {
            String column = "users." + snake(field);
            if (!schema.has(column)) {
              columns.add(column);
            }
            e = new Endpoint(e.method(), e.path(), e.request(), plus(e.response(), field), plus(e.columns(), field, column));
          } else {
            e = new Endpoint(e.method(), e.path(), plus(e.request(), field), e.response(), e.columns());
          }
          endpoints.set(endpoints.indexOf(contract.endpoint(parts[0], parts[1])), e);
          contract = new Contract(contract.version(), List.copyOf(endpoints));
        }
        if (!columns.isEmpty() && !askedDatabase) {
          channel.publish("schema-requests", new SchemaRequest(List.copyOf(new LinkedHashSet<>(columns)),
              "the frontend needs them in responses"));
          askedDatabase = true;
          schema = channel.await("schema", 1, Schema.class, PEER_TIMEOUT);
          for (String column : columns) {
            if (!schema.has(column)) {
              throw new IllegalStateException("schema v" + schema.version() + " still lacks " + column);
            }
          }
        }
        contract = new Contract(contract.version() + 1, List.copyOf(endpoints));
        channel.publish("contract", contract);
      }
      throw new IllegalStateException("no agreement after " + MAX_ROUNDS + " rounds");
    }

    private static String snake(String field) {
      return field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static List<String> plus(List<String> list, String item) {
      List<String> copy = new ArrayList<>(list);
      if (!copy.contains(item)) {
        copy.add(item);
      }
      return List.copyOf(copy);
    }

    private static Map<String, String> plus(Map<String, String> map, String key, String value) {
      Map<String, String> copy = new LinkedHashMap<>(map);
      copy.put(key, value);
      return Map.copyOf(copy);
    }

    private Path writeContract(Contract contract) throws IOException {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = json.createObjectNode();
      root.put("openapi", "3.0.3");
      root.putObject("info").put("title", "Acme auth API").put("version", String.valueOf(contract.version()))
          .put("x-contract-sha256", contract.hash());
      ObjectNode paths = root.putObject("paths");
      for (Endpoint e : contract.endpoints()) {
        ObjectNode op = (paths.has(e.path()) ? (ObjectNode) paths.get(e.path()) : paths.putObject(e.path()))
            .putObject(e.method().toLowerCase(Locale.ROOT));
        ObjectNode request = op.putObject("requestBody").putObject("content").putObject("application/json")
            .putObject("schema").put("type", "object").putObject("properties");
        e.request().forEach(f -> request.putObject(f).put("type", f.equals("rememberMe") ? "boolean" : "string"));
        ObjectNode response = op.putObject("responses").putObject("200").putObject("content")
            .putObject("application/json").putObject("schema").put("type", "object").putObject("properties");
        e.response().forEach(f -> response.putObject(f).put("type", "string").put("x-column", e.columns().get(f)));
      }
      return write("api/openapi.json", json.writeValueAsString(root) + "\n");
    }

    private Built frontend(TaskContext ctx) throws Exception {
      Spec spec = ctx.input("architect", Spec.class);
      MessageChannel channel = ctx.channel();
      // What the login UI needs, from the spec's capabilities.
      Set<String> sends = new LinkedHashSet<>(List.of("email", "password"));
      Set<String> reads = new LinkedHashSet<>(List.of("token"));
      if (spec.capabilities().contains("remember me")) {
        sends.add("rememberMe");
      }
      if (spec.capabilities().contains("show the user's display name")) {
        reads.add("displayName");
      }
      for (int round = 0; round < MAX_ROUNDS; round++) {
        Contract contract = channel.await("contract", round, Contract.class, PEER_TIMEOUT);
        Endpoint login = contract.endpoint("POST", "/login");
        Endpoint me = contract.endpoint("GET", "/me");
        List<String> requests = new ArrayList<>();
        for (String field : sends) {
          if (!login.request().contains(field)) {
            requests.add("POST /login request " + field);
          }
        }
        for (String field : reads) {
          if (!login.response().contains(field)) {
            requests.add("POST /login response " + field);
          }
        }
        if (reads.contains("displayName") && !me.response().contains("displayName")) {
          requests.add("GET /me response displayName");
        }
        boolean accepted = requests.isEmpty();
        channel.publish("contract-review", new ContractReview(contract.version(), accepted, List.copyOf(requests),
            contract.hash()));
        if (accepted) {
          Agreement agreement = channel.await("contract-agreed", 0, Agreement.class, PEER_TIMEOUT);
          if (!agreement.contractHash().equals(contract.hash())) {
            throw new IllegalStateException("the agreed contract is not the one we accepted");
          }
          Path file = write("web/login.js", loginScript(contract, sends));
          ctx.artifact(file);
          return new Built("frontend", file, contract.hash());
        }
      }
      throw new IllegalStateException("no acceptable contract after " + MAX_ROUNDS + " rounds");
    }

    private static String loginScript(Contract contract, Set<String> sends) {
      Endpoint login = contract.endpoint("POST", "/login");
      String fields = String.join(", ", sends);
      String display = login.response().contains("displayName") ? "  showUser(data.displayName);\n" : "";
      return "// Login UI, generated against API contract v" + contract.version() + " (sha256 " + contract.hash() + ")\n"
          + "export async function login(" + fields + ") {\n"
          + "  const response = await fetch('/login', {\n"
          + "    method: 'POST',\n"
          + "    headers: { 'Content-Type': 'application/json' },\n"
          + "    body: JSON.stringify({ " + fields + " }),\n"
          + "  });\n"
          + "  const data = await response.json();\n"
          + display
          + "  return data.token;\n"
          + "}\n\n"
          + "function showUser(name) {\n"
          + "  document.querySelector('#user').textContent = name;\n"
          + "}\n";
    }

    // --------------------------------------------------------------------------- checks

    /** What the three files say, read back from disk. */
    record Parts(Set<String> sent, Set<String> read, Map<String, Set<String>> requestFields,
        Map<String, Map<String, String>> responseColumns, Set<String> columns, String contractHash,
        Set<String> hashesInFiles) {}

    private static final Pattern STRINGIFY = Pattern.compile("JSON\\.stringify\\(\\{ ([\\w, ]+) \\}\\)");
    private static final Pattern DATA_FIELD = Pattern.compile("data\\.(\\w+)");
    private static final Pattern TABLE = Pattern.compile("CREATE TABLE (\\w+) \\(\\n((?:  .*\\n)+)\\);");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    Parts parts() throws IOException {
      String js = Files.readString(app.resolve("web/login.js"));
      String sql = Files.readString(app.resolve("db/schema.sql"));
      JsonNode api = new ObjectMapper().readTree(app.resolve("api/openapi.json").toFile());
      Set<String> sent = new LinkedHashSet<>();
      Matcher body = STRINGIFY.matcher(js);
      if (body.find()) {
        for (String f : body.group(1).split(",")) {
          sent.add(f.strip());
        }
      }
      Set<String> read = new LinkedHashSet<>();
      Matcher data = DATA_FIELD.matcher(js);
      while (data.find()) {
        read.add(data.group(1));
      }
      Map<String, Set<String>> requests = new TreeMap<>();
      Map<String, Map<String, String>> responses = new TreeMap<>();
      api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
        String key = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
        Set<String> req = new LinkedHashSet<>();
        op.getValue().path("requestBody").path("content").path("application/json").path("schema").path("properties")
            .fieldNames().forEachRemaining(req::add);
        Map<String, String> res = new LinkedHashMap<>();
        op.getValue().path("responses").path("200").path("content").path("application/json").path("schema")
            .path("properties").properties().forEach(f -> res.put(f.getKey(), f.getValue().path("x-column").asText()));
        requests.put(key, req);
        responses.put(key, res);
      }));
      Set<String> columns = new LinkedHashSet<>();
      Matcher table = TABLE.matcher(sql);
      while (table.find()) {
        for (String line : table.group(2).split("\n")) {
          columns.add(table.group(1) + "." + line.strip().split(" ")[0]);
        }
      }
      Set<String> hashes = new LinkedHashSet<>();
      for (String text : List.of(js, sql)) {
        Matcher h = HASH.matcher(text);
        if (h.find()) {
          hashes.add(h.group());
        }
      }
      String contractHash = api.path("info").path("x-contract-sha256").asText();
      hashes.add(contractHash);
      return new Parts(sent, read, requests, responses, columns, contractHash, hashes);
    }

    /** The problems found when the three parts are put together; empty when they fit. */
    List<String> integrationProblems(Parts parts) {
      List<String> problems = new ArrayList<>();
      Set<String> loginRequest = parts.requestFields().getOrDefault("POST /login", Set.of());
      Map<String, String> loginResponse = parts.responseColumns().getOrDefault("POST /login", Map.of());
      if (!parts.sent().equals(loginRequest)) {
        problems.add("the frontend sends " + parts.sent() + " but POST /login takes " + loginRequest);
      }
      for (String field : parts.read()) {
        if (!loginResponse.containsKey(field)) {
          problems.add("the frontend reads " + field + " which POST /login does not return");
        }
      }
      parts.responseColumns().forEach((endpoint, fields) -> fields.forEach((field, column) -> {
        if (!parts.columns().contains(column)) {
          problems.add(endpoint + " returns " + field + " from " + column + ", which the schema lacks");
        }
      }));
      if (parts.hashesInFiles().size() != 1) {
        problems.add("the files were built against different contracts: " + parts.hashesInFiles());
      }
      return problems;
    }

    private List<String> integrate(TaskContext ctx) throws IOException {
      Set<String> hashes = new LinkedHashSet<>();
      for (String peer : List.of("database", "backend", "frontend")) {
        hashes.add(ctx.input(peer, Built.class).contractHash());
      }
      List<String> problems = new ArrayList<>(integrationProblems(parts()));
      if (hashes.size() != 1) {
        problems.add("the peers report different contracts: " + hashes);
      }
      ctx.criterion("frontend, API and schema fit together", problems.isEmpty(),
          problems.isEmpty() ? "fields, columns and contract hash agree" : problems.toString());
      if (!problems.isEmpty()) {
        throw new IllegalStateException("integration problems: " + problems);
      }
      return problems;
    }

    private List<String> audit() throws IOException {
      Parts parts = parts();
      List<String> findings = new ArrayList<>();
      if (parts.columns().stream().anyMatch(c -> c.endsWith(".password"))) {
        findings.add("a column stores a plain password");
      }
      if (!parts.columns().contains("users.password_hash")) {
        findings.add("no password hash column");
      }
      parts.responseColumns().forEach((endpoint, fields) -> fields.keySet().forEach(field -> {
        if (field.toLowerCase(Locale.ROOT).contains("password")) {
          findings.add(endpoint + " returns " + field);
        }
      }));
      if (!findings.isEmpty()) {
        throw new IllegalStateException("security findings: " + findings);
      }
      return findings;
    }

    private void review(TaskContext ctx) throws IOException {
      MessageChannel channel = ctx.channel();
      StringBuilder md = new StringBuilder("# Implementing user authentication: how the contract was agreed\n\n");
      for (String topic : List.of("schema", "contract", "contract-review", "schema-requests", "contract-agreed")) {
        List<Object> messages = channel.messages(topic);
        md.append("## ").append(topic).append(" (").append(messages.size()).append(" messages)\n\n");
        for (Object message : messages) {
          md.append("- ").append(message).append('\n');
        }
        md.append('\n');
      }
      Path file = runDir.resolve("negotiation.md");
      Files.writeString(file, md, StandardCharsets.UTF_8);
      ctx.artifact(file);
    }

    private Path write(String relative, String content) throws IOException {
      Path file = app.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> tables) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      tables.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return copy;
    }

    // ---------------------------------------------------------------------------------- check

    @Override
    public Outcome check(Plan plan, RunReport report) throws IOException {
      Outcome.Builder outcome = Outcome.builder()
          .check(report.mode() == ExecutionMode.MESH, "ran as a mesh");
      for (String file : List.of("db/schema.sql", "api/openapi.json", "web/login.js")) {
        if (!Files.isRegularFile(app.resolve(file))) {
          return outcome.check(false, file + " written").build();
        }
      }
      boolean together = true;
      for (String peer : List.of("database", "backend", "frontend")) {
        for (String other : List.of("database", "backend", "frontend")) {
          var a = report.task(peer);
          var b = report.task(other);
          if (!peer.equals(other) && a.started().isPresent() && b.finished().isPresent()
              && a.started().get().compareTo(b.finished().get()) >= 0) {
            together = false; // one started only after another had finished
          }
        }
      }
      outcome.check(together, "frontend, backend and database ran at the same time");
      Parts parts = parts();
      List<String> problems = integrationProblems(parts);
      outcome.check(problems.isEmpty(), "the three files are consistent: the frontend sends " + parts.sent()
          + " and reads " + parts.read() + ", every response field has a column"
          + (problems.isEmpty() ? "" : ": " + problems));
      outcome.check(parts.hashesInFiles().size() == 1, "schema.sql, openapi.json and login.js name the same"
          + " contract (sha256 " + parts.contractHash().substring(0, 12) + "…)");
      outcome.check(parts.columns().contains("users.display_name") && parts.sent().contains("rememberMe"),
          "the negotiation changed the draft: display_name added to the schema, rememberMe to the login");
      outcome.file(app.resolve("db/schema.sql")).file(app.resolve("api/openapi.json"))
          .file(app.resolve("web/login.js"));
      if (Files.isRegularFile(runDir.resolve("negotiation.md"))) {
        outcome.file(runDir.resolve("negotiation.md"));
      }
      return outcome.build();
    }
  }
}
