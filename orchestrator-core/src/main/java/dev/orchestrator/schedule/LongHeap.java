package dev.orchestrator.schedule;

import java.util.Arrays;

/** A binary min-heap of {@code long}s that grows as needed: the ready queue's storage. */
final class LongHeap {

  private long[] heap;
  private int size;

  LongHeap(int capacity) {
    heap = new long[Math.max(4, capacity)];
  }

  /** A heap holding {@code sorted} (ascending), which is a valid heap as it is. */
  static LongHeap ofSorted(long[] sorted, int count) {
    LongHeap h = new LongHeap(count + 4);
    System.arraycopy(sorted, 0, h.heap, 0, count);
    h.size = count;
    return h;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long peek() {
    return heap[0];
  }

  void push(long value) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, heap.length + (heap.length >> 1) + 4);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long p = heap[parent];
      if (p <= value) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = value;
  }

  long pop() {
    long top = heap[0];
    long last = heap[--size];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      long c = heap[child];
      int right = child + 1;
      if (right < size && heap[right] < c) {
        child = right;
        c = heap[right];
      }
      if (last <= c) {
        break;
      }
      heap[i] = c;
      i = child;
    }
    if (size > 0) {
      heap[i] = last;
    }
    return top;
  }

  void clear() {
    size = 0;
  }
}
