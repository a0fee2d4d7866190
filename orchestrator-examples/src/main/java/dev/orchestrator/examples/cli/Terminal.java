package dev.orchestrator.examples.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Where the {@code run} command asks "Execute? (yes/no)": the process's console when standard input
 * and output are a terminal. Tests pass their own.
 */
interface Terminal {

  /** Whether someone can answer: standard input and output are a terminal. */
  boolean interactive();

  /**
   * Shows a prompt and reads one line.
   *
   * @return the line, or null at the end of input
   */
  String readLine(String prompt);

  /** The process's console. */
  static Terminal system() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        Console console = System.console();
        return console != null && isTerminal(console);
      }

      @Override
      public String readLine(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readLine("%s", prompt);
      }
    };
  }

  /**
   * Since JDK 22 {@code System.console()} may return a console when input or output is redirected;
   * {@code Console.isTerminal()} (JDK 22+, called reflectively as we compile for 21) tells. On 21 a
   * non-null console means a terminal.
   */
  private static boolean isTerminal(Console console) {
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
