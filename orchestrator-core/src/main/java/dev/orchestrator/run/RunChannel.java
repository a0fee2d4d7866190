package dev.orchestrator.run;

import dev.orchestrator.task.MessageChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The run's message channel: topics of messages kept for the whole run, guarded by one lock. */
final class RunChannel implements MessageChannel {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition published = lock.newCondition();
  private final Map<String, List<Object>> topics = new HashMap<>();

  @Override
  public void publish(String topic, Object message) {
    Objects.requireNonNull(topic, "topic cannot be null");
    Objects.requireNonNull(message, () -> "message on topic '" + topic + "' cannot be null");
    lock.lock();
    try {
      topics.computeIfAbsent(topic, t -> new ArrayList<>()).add(message);
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> Optional<T> latest(String topic, Class<T> type) {
    Objects.requireNonNull(topic, "topic cannot be null");
    lock.lock();
    try {
      List<Object> messages = topics.get(topic);
      if (messages == null || messages.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(cast(topic, messages.size() - 1, messages.get(messages.size() - 1), type));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <T> T await(String topic, int seen, Class<T> type, Duration timeout)
      throws InterruptedException, TimeoutException {
    Objects.requireNonNull(topic, "topic cannot be null");
    Objects.requireNonNull(type, "type cannot be null");
    Objects.requireNonNull(timeout, "timeout cannot be null");
    if (seen < 0) {
      throw new IllegalArgumentException("seen cannot be negative: " + seen);
    }
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (true) {
        List<Object> messages = topics.get(topic);
        if (messages != null && messages.size() > seen) {
          return cast(topic, seen, messages.get(seen), type);
        }
        if (nanos <= 0) {
          throw new TimeoutException(
              "no message #" + seen + " on topic '" + topic + "' within " + timeout);
        }
        nanos = published.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Object> messages(String topic) {
    Objects.requireNonNull(topic, "topic cannot be null");
    lock.lock();
    try {
      List<Object> messages = topics.get(topic);
      return messages == null ? List.of() : List.copyOf(messages);
    } finally {
      lock.unlock();
    }
  }

  private static <T> T cast(String topic, int index, Object message, Class<T> type) {
    if (!type.isInstance(message)) {
      throw new IllegalArgumentException(
          "message #" + index + " on topic '" + topic + "' is a " + message.getClass().getName()
              + ", not a " + type.getName());
    }
    return type.cast(message);
  }

}
