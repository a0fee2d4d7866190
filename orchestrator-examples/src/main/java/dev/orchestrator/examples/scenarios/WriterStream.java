package dev.orchestrator.examples.scenarios;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * UTF-8 bytes written to a {@link PrintWriter}: lets the console dashboard, which draws on a
 * {@code PrintStream}, write where the scenario's other output goes. A character split across two
 * writes is held back until its last byte arrives. Not thread-safe (the dashboard draws from one
 * thread).
 */
final class WriterStream extends OutputStream {

  private final PrintWriter out;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer pending = ByteBuffer.allocate(256);
  private final CharBuffer chars = CharBuffer.allocate(1024);

  WriterStream(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "writer cannot be null");
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (pending.remaining() < len) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + len));
      pending.flip();
      bigger.put(pending);
      pending = bigger;
    }
    pending.put(b, off, len);
    pending.flip();
    while (true) {
      chars.clear();
      boolean more = decoder.decode(pending, chars, false).isOverflow();
      chars.flip();
      out.append(chars);
      if (!more) {
        break;
      }
    }
    pending.compact(); // keeps an incomplete character for the next write
  }

  @Override
  public void flush() {
    out.flush();
  }
}
