package org.webphone.sip.registrar;

import java.io.Serializable;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The location service: the bindings of each address-of-record. Implementations are shared by every
 * node and thread; {@link #update} is atomic per address-of-record.
 */
public interface BindingStore {

  /** The bindings of {@code aor}, including expired ones the caller has to skip. */
  List<Binding> get(String aor);

  /**
   * Replaces the bindings of {@code aor} with {@code change.apply(current)} atomically and returns
   * the new list; an empty result removes the entry.
   */
  List<Binding> update(String aor, Change change);

  /** A change to an address-of-record's bindings; serializable so the data grid can run it. */
  @FunctionalInterface
  interface Change extends UnaryOperator<List<Binding>>, Serializable {}
}
