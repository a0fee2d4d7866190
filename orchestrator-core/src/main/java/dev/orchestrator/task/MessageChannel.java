package dev.orchestrator.task;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Topics on which running tasks publish messages and wait for each other's, so that tasks can
 * agree on something while they run (an API contract between a frontend and a backend task, say).
 *
 * <p>Every message published on a topic stays there for the rest of the run, in publishing order;
 * readers never consume it. Implementations are thread-safe.
 */
public interface MessageChannel {

  /**
   * Appends a message to a topic and wakes every task waiting on it.
   *
   * @param topic the topic
   * @param message the message (not null)
   */
  void publish(String topic, Object message);

  /**
   * The newest message on a topic, if any.
   *
   * @throws IllegalArgumentException if the message is not of {@code type}
   */
  <T> Optional<T> latest(String topic, Class<T> type);

  /**
   * Waits until a topic holds more than {@code seen} messages and returns the one at index {@code
   * seen}: call with 0 for the first message, with 1 for the next, and so on.
   *
   * @throws InterruptedException if the waiting task is interrupted (cancelled)
   * @throws TimeoutException if no such message arrived within {@code timeout}
   * @throws IllegalArgumentException if the message is not of {@code type}
   */
  <T> T await(String topic, int seen, Class<T> type, Duration timeout)
      throws InterruptedException, TimeoutException;

  /** Every message published so far on a topic, oldest first. */
  List<Object> messages(String topic);
}
