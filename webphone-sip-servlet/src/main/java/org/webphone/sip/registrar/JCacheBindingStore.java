package org.webphone.sip.registrar;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.MutableEntry;

/**
 * Bindings in a JCache cache of the server's data grid (Payara's Hazelcast), so every node of a
 * cluster sees the same registrations. Updates run as entry processors: atomic per key, on the node
 * that owns the key.
 */
public final class JCacheBindingStore implements BindingStore {
  private final Cache<String, ArrayList<Binding>> cache;

  public JCacheBindingStore(Cache<String, ArrayList<Binding>> cache) {
    this.cache = cache;
  }

  @Override
  public List<Binding> get(String aor) {
    List<Binding> bindings = cache.get(aor);
    return bindings == null ? List.of() : List.copyOf(bindings);
  }

  @Override
  public List<Binding> update(String aor, Change change) {
    try {
      return cache.invoke(aor, new Apply(change));
    } catch (EntryProcessorException e) {
      // The grid wraps what the change threw; the caller expects the change's own exception.
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private record Apply(Change change)
      implements EntryProcessor<String, ArrayList<Binding>, List<Binding>>, Serializable {
    @Override
    public List<Binding> process(MutableEntry<String, ArrayList<Binding>> entry, Object... args) {
      List<Binding> current = entry.exists() ? entry.getValue() : List.of();
      List<Binding> next = change.apply(List.copyOf(current));
      if (next.isEmpty()) {
        entry.remove();
      } else {
        entry.setValue(new ArrayList<>(next));
      }
      return List.copyOf(next);
    }
  }
}
