package dev.orchestrator.examples.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small authentication code base of the bug-fix scenario, with its bug: {@code resetPassword}
 * stores a new salt but hashes the new password with the old one, so nobody can log in after a
 * password reset. Its tests ({@code src/test/java}) are plain classes with {@code static
 * List<String> run()} returning the failures; the existing ones pass, because none covers a reset.
 */
final class AuthCodeBase {

  static final String PACKAGE_DIR = "com/acme/auth/";
  static final String MAIN = "src/main/java/";
  static final String TEST = "src/test/java/";
  static final String SERVICE = MAIN + PACKAGE_DIR + "AuthService.java";
  static final String GUIDE = "docs/troubleshooting.md";

  private AuthCodeBase() {}

  /** Writes the code base under {@code root}. */
  static void write(Path root) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(MAIN + PACKAGE_DIR + "PasswordHasher.java", """
        package com.acme.auth;

        import java.nio.charset.StandardCharsets;
        import java.security.MessageDigest;
        import java.security.NoSuchAlgorithmException;
        import java.util.HexFormat;

        /** Salted SHA-256 password hashes. */
        public final class PasswordHasher {

          private PasswordHasher() {}

          /** The hash of a password with a salt. */
          public static String hash(String password, String salt) {
            try {
              MessageDigest digest = MessageDigest.getInstance("SHA-256");
              return HexFormat.of().formatHex(digest.digest((salt + ":" + password).getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("no SHA-256", e);
            }
          }
        }
        """);
    files.put(MAIN + PACKAGE_DIR + "User.java", """
        package com.acme.auth;

        /** A user as stored: name, salt, and the hash of the password with that salt. */
        public record User(String name, String salt, String hash) {}
        """);
    files.put(MAIN + PACKAGE_DIR + "UserStore.java", """
        package com.acme.auth;

        import java.util.Map;
        import java.util.concurrent.ConcurrentHashMap;

        /** The users, by name. */
        public final class UserStore {

          private final Map<String, User> users = new ConcurrentHashMap<>();

          public User find(String name) {
            return users.get(name);
          }

          public void save(User user) {
            users.put(user.name(), user);
          }
        }
        """);
    files.put(MAIN + PACKAGE_DIR + "Salts.java", """
        package com.acme.auth;

        import java.util.HexFormat;
        import java.util.SplittableRandom;

        /** Fresh salts (seeded, so that sessions can be replayed). */
        public final class Salts {

          private final SplittableRandom random;

          public Salts(long seed) {
            this.random = new SplittableRandom(seed);
          }

          public synchronized String next() {
            return HexFormat.of().toHexDigits(random.nextLong());
          }
        }
        """);
    files.put(MAIN + PACKAGE_DIR + "AuditLog.java", """
        package com.acme.auth;

        import java.util.ArrayList;
        import java.util.List;

        /** What the service did, one line per event. */
        public final class AuditLog {

          private final List<String> lines = new ArrayList<>();

          public synchronized void log(String line) {
            lines.add(line);
          }

          public synchronized List<String> lines() {
            return List.copyOf(lines);
          }
        }
        """);
    files.put(SERVICE, """
        package com.acme.auth;

        /** Registration, login and password reset. */
        public final class AuthService {

          private final UserStore store = new UserStore();
          private final Salts salts;
          private final AuditLog log;

          public AuthService(long seed, AuditLog log) {
            this.salts = new Salts(seed);
            this.log = log;
          }

          public void register(String name, String password) {
            String salt = salts.next();
            store.save(new User(name, salt, PasswordHasher.hash(password, salt)));
            log.log("register user=" + name + " salt=" + salt);
          }

          public boolean login(String name, String password) {
            User user = store.find(name);
            if (user == null) {
              log.log("login user=" + name + " result=FAILED reason=unknown-user");
              return false;
            }
            boolean ok = PasswordHasher.hash(password, user.salt()).equals(user.hash());
            log.log("login user=" + name + " result=" + (ok ? "OK" : "FAILED reason=hash-mismatch salt=" + user.salt()));
            return ok;
          }

          public void resetPassword(String name, String newPassword) {
            User user = store.find(name);
            if (user == null) {
              throw new IllegalArgumentException("no user " + name);
            }
            String salt = salts.next();
            String hash = PasswordHasher.hash(newPassword, user.salt());
            store.save(new User(name, salt, hash));
            log.log("reset user=" + name + " salt=" + salt);
          }

          public UserStore store() {
            return store;
          }
        }
        """);
    files.put(TEST + PACKAGE_DIR + "LoginFlowCheck.java", """
        package com.acme.auth;

        import java.util.ArrayList;
        import java.util.List;

        /** Registration and login. */
        public final class LoginFlowCheck {

          public static List<String> run() {
            List<String> failures = new ArrayList<>();
            AuthService auth = new AuthService(1, new AuditLog());
            auth.register("bob", "hunter2");
            if (!auth.login("bob", "hunter2")) {
              failures.add("bob cannot log in with his password");
            }
            if (auth.login("bob", "wrong")) {
              failures.add("bob logs in with a wrong password");
            }
            if (auth.login("nobody", "hunter2")) {
              failures.add("an unknown user logs in");
            }
            return failures;
          }
        }
        """);
    files.put(TEST + PACKAGE_DIR + "PasswordHasherCheck.java", """
        package com.acme.auth;

        import java.util.ArrayList;
        import java.util.List;

        /** The hash: deterministic, and different for another salt or password. */
        public final class PasswordHasherCheck {

          public static List<String> run() {
            List<String> failures = new ArrayList<>();
            if (!PasswordHasher.hash("pw", "s1").equals(PasswordHasher.hash("pw", "s1"))) {
              failures.add("the hash is not deterministic");
            }
            if (PasswordHasher.hash("pw", "s1").equals(PasswordHasher.hash("pw", "s2"))) {
              failures.add("the hash ignores the salt");
            }
            if (PasswordHasher.hash("pw", "s1").equals(PasswordHasher.hash("pw2", "s1"))) {
              failures.add("the hash ignores the password");
            }
            return failures;
          }
        }
        """);
    files.put(GUIDE, """
        # Troubleshooting

        ## The service does not start

        Check that the port is free.
        """);
    files.put("README.md", "# acme-auth\n\nRegistration, login and password reset for the Acme shop.\n");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
    }
  }
}
