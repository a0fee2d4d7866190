package dev.orchestrator.graph;

/**
 * A map from task id to task index, open addressing with linear probing: two arrays and no boxing,
 * so that a million ids cost about 16 bytes each instead of a {@code HashMap}'s 60.
 */
public final class IdIndex {

  private final String[] keys;
  private final int[] values;
  private final int mask;
  private int size;

  /** An index with room for {@code expected} ids without resizing (it never resizes). */
  public IdIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    this.keys = new String[capacity];
    this.values = new int[capacity];
    this.mask = capacity - 1;
  }

  /**
   * Adds an id.
   *
   * @return -1 if it was added, else the index already stored under that id
   * @throws IllegalStateException if the index is full
   */
  public int putIfAbsent(String id, int index) {
    if (size * 2 >= keys.length) {
      throw new IllegalStateException("id index is full: " + size + " ids");
    }
    int slot = spread(id.hashCode()) & mask;
    while (true) {
      String key = keys[slot];
      if (key == null) {
        keys[slot] = id;
        values[slot] = index;
        size++;
        return -1;
      }
      if (key.equals(id)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The index stored under an id, or -1. */
  public int get(String id) {
    int slot = spread(id.hashCode()) & mask;
    while (true) {
      String key = keys[slot];
      if (key == null) {
        return -1;
      }
      if (key.equals(id)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  public int size() {
    return size;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  @Override
  public String toString() {
    return "IdIndex[size=" + size + ", capacity=" + keys.length + "]";
  }

  // Visible for tests: how full the table is.
  double load() {
    return (double) size / keys.length;
  }
}
