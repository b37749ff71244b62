package org.webphone.sip.registrar;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bindings in this JVM only: for a single node that runs without the data grid, and for tests of
 * the registrar outside an application server.
 */
public final class InMemoryBindingStore implements BindingStore {
  private final ConcurrentMap<String, List<Binding>> bindings = new ConcurrentHashMap<>();

  @Override
  public List<Binding> get(String aor) {
    return bindings.getOrDefault(aor, List.of());
  }

  @Override
  public List<Binding> update(String aor, Change change) {
    List<Binding> result =
        bindings.compute(
            aor,
            (k, current) -> {
              List<Binding> next = List.copyOf(change.apply(current == null ? List.of() : current));
              return next.isEmpty() ? null : next;
            });
    return result == null ? List.of() : result;
  }
}
