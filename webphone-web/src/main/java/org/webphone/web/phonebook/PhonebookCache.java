package org.webphone.web.phonebook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Rendered phonebooks by (customer, version): a version never changes its content, so an entry
 * never goes stale, and phones of the same customer share one rendering. Bounded by bytes (64 MB)
 * and dropped after 10 minutes unused. Per node; every node renders from the shared database.
 *
 * <p>Threading: safe from any thread; one rendering per key at a time.
 */
@ApplicationScoped
public class PhonebookCache {
  /** The JSON and its gzip encoding. */
  public record Bodies(byte[] json, byte[] gzip) {}

  private record Key(long customer, long version) {}

  private final Cache<Key, Bodies> bodies =
      Caffeine.newBuilder()
          .maximumWeight(64L << 20)
          .<Key, Bodies>weigher((k, b) -> b.json().length + b.gzip().length)
          .expireAfterAccess(Duration.ofMinutes(10))
          .build();

  public Bodies get(long customer, long version, Supplier<byte[]> render) {
    return bodies.get(new Key(customer, version), k -> withGzip(render.get()));
  }

  private static Bodies withGzip(byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 6 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory cannot fail", e);
    }
    return new Bodies(json, out.toByteArray());
  }
}
