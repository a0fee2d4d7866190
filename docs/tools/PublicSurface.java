import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.InnerClassesAttribute;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Counts the public surface of a compiled module: the public types of its exported packages (a
 * nested type counts when it and every type around it are public) and their public and protected
 * members (constructors, methods, fields; compiler-made bridges and synthetic members left out).
 *
 * <p>Run with JDK 24 or newer (it reads class files with {@code java.lang.classfile}, loading
 * nothing): {@code java docs/tools/PublicSurface.java orchestrator-core/target/classes}. Add
 * {@code --types} to list every type with its member count.
 */
public final class PublicSurface {

  public static void main(String[] args) throws IOException {
    Path classes = Path.of(args.length > 0 ? args[0] : "orchestrator-core/target/classes");
    boolean list = Set.of(args).contains("--types");
    ModuleDescriptor module = ModuleDescriptor.read(Files.newInputStream(classes.resolve("module-info.class")));
    Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    Map<String, ClassModel> models = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        ClassModel model = ClassFile.of().parse(file);
        String name = model.thisClass().asInternalName();
        if (!name.equals("module-info") && exported.contains(packageOf(name))) {
          models.put(name, model);
        }
      }
    }
    int types = 0;
    int members = 0;
    Map<String, Integer> perPackage = new TreeMap<>();
    for (ClassModel model : models.values()) {
      if (!isPublic(model, models)) {
        continue;
      }
      int count = (int) Stream.concat(
              model.methods().stream().map(m -> m.flags().flagsMask()),
              model.fields().stream().map(f -> f.flags().flagsMask()))
          .filter(flags -> (flags & (ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED)) != 0)
          .filter(flags -> (flags & (ClassFile.ACC_SYNTHETIC | ClassFile.ACC_BRIDGE)) == 0)
          .count();
      types++;
      members += count;
      perPackage.merge(packageOf(model.thisClass().asInternalName()), 1, Integer::sum);
      if (list) {
        System.out.printf("%4d  %s%n", count, model.thisClass().asInternalName().replace('/', '.'));
      }
    }
    System.out.printf("exported packages: %d%npublic types: %d%npublic members: %d%n", exported.size(), types, members);
    perPackage.forEach((p, n) -> System.out.printf("  %-32s %3d types%n", p, n));
  }

  /** Public, and if nested, public in its own declaration and inside public types all the way out. */
  private static boolean isPublic(ClassModel model, Map<String, ClassModel> models) {
    String name = model.thisClass().asInternalName();
    if ((model.flags().flagsMask() & ClassFile.ACC_PUBLIC) == 0) {
      return false;
    }
    for (var attribute : model.findAttributes(java.lang.classfile.Attributes.innerClasses())) {
      for (var inner : ((InnerClassesAttribute) attribute).classes()) {
        if (inner.innerClass().asInternalName().equals(name)) {
          if ((inner.flagsMask() & ClassFile.ACC_PUBLIC) == 0 || inner.outerClass().isEmpty()) {
            return false; // not public, or local/anonymous
          }
          ClassModel outer = models.get(inner.outerClass().get().asInternalName());
          return outer != null && isPublic(outer, models);
        }
      }
    }
    return true;
  }

  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
  }
}
