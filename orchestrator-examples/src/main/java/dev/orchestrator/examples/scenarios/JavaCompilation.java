package dev.orchestrator.examples.scenarios;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated Java sources with the JDK's own compiler, in process. */
final class JavaCompilation {

  /**
   * What a compilation came to.
   *
   * @param success whether it compiled
   * @param errors the error messages, each with file and line
   */
  record Result(boolean success, List<String> errors) {
    Result {
      errors = List.copyOf(errors);
    }
  }

  private JavaCompilation() {}

  /**
   * Compiles every {@code .java} file under the roots into {@code classes}.
   *
   * @throws IllegalStateException if this runtime has no compiler (a JRE rather than a JDK)
   * @throws IOException if the sources cannot be listed
   */
  static Result compile(List<Path> sourceRoots, Path classes) throws IOException {
    List<Path> sources = new java.util.ArrayList<>();
    for (Path root : sourceRoots) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
      }
    }
    return compileFiles(sources, classes);
  }

  /**
   * Compiles these {@code .java} files into {@code classes}.
   *
   * @throws IllegalStateException if this runtime has no compiler (a JRE rather than a JDK)
   * @throws IOException if the output directory cannot be made
   */
  static Result compileFiles(List<Path> sources, Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler in this runtime: run the scenarios on a JDK,"
          + " not a JRE");
    }
    Files.createDirectories(classes);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      boolean ok = compiler.getTask(new StringWriter(), files, diagnostics,
          List.of("-d", classes.toString(), "-proc:none", "-Xlint:none", "-nowarn"), null, units).call();
      List<String> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
              + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT))
          .toList();
      return new Result(ok, errors);
    }
  }
}
