package org.webphone.sip.trunk;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.webphone.phonebook.PhoneNumbers;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.TrunkRoute;

/**
 * Decides where calls to and from the phone network go. Outbound: what a user dialled, read as a
 * phone number with the customer's region (libphonenumber), goes to the best trunk the customer may
 * use: its own before global ones, then the longest matching prefix, then the lowest priority
 * number. Inbound: an INVITE from a trunk (by its address, its TLS client certificate or its digest
 * credentials) is a call from the phone network to one of our numbers.
 *
 * <p>Threading: stateless over a thread-safe directory.
 */
public final class TrunkRouter {
  /** What to do with a dialled string that is not one of our users. */
  public sealed interface Outbound {}

  /** Not a phone number (or an extension nobody has): the caller gets a plain 404. */
  public record NotANumber() implements Outbound {}

  /** Refused with {@code status} and a reason phrase that says why. */
  public record Refused(int status, String reason) implements Outbound {}

  /**
   * Goes out through {@code trunk}.
   *
   * @param callingNumber the caller's own number (E.164) if one is assigned to it
   * @param fallbacks the other trunks that serve the number, in order, should {@code trunk} fail
   */
  public record Route(
      TrunkRoute trunk, String e164, Optional<String> callingNumber, List<TrunkRoute> fallbacks)
      implements Outbound {
    public Route {
      fallbacks = List.copyOf(fallbacks);
    }
  }

  private final TrunkDirectory directory;

  public TrunkRouter(TrunkDirectory directory) {
    this.directory = directory;
  }

  /** The trunk whose address sent a request, if any. */
  public Optional<TrunkRoute> inboundTrunk(String address, int port) {
    return inboundTrunk(address, port, List.of());
  }

  /**
   * The trunk that sent a request from {@code address}:{@code port}, by that address alone or by
   * the names its TLS client certificate proves ({@code certified}), if any.
   */
  public Optional<TrunkRoute> inboundTrunk(String address, int port, List<String> certified) {
    for (TrunkRoute t : directory.trunks()) {
      if (t.sentFrom(address, port)
          || (!certified.isEmpty() && t.certifiedAs(certified, address, port))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The trunk recognised by digest ({@link org.webphone.trunk.InboundTrust#DIGEST}) whose inbound
   * username is {@code username}; where it may send from is for {@link TrunkRoute#authenticatesAs}
   * to say.
   */
  public Optional<TrunkRoute> digestTrunk(String username) {
    if (username == null) {
      return Optional.empty();
    }
    for (TrunkRoute t : directory.trunks()) {
      if (t.inbound().trust() == org.webphone.trunk.InboundTrust.DIGEST
          && username.equals(t.inbound().username())
          && t.inbound().password() != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Where a call from {@code trunk} to {@code dialled} (as the trunk wrote it) goes: one of our
   * numbers that the trunk may deliver. A customer's own trunk delivers only that customer's
   * numbers, a global trunk everyone's; otherwise a customer who names any address as its trunk's
   * could ring another customer's numbers (and their accounts) as "the phone network".
   */
  public Optional<DidRoute> inbound(TrunkRoute trunk, String dialled) {
    return trunk.read(dialled).flatMap(directory::did).filter(d -> trunk.serves(d.customerId()));
  }

  /**
   * Where {@code caller} of {@code customer} calling {@code dialled} goes when {@code dialled} is
   * none of the customer's users.
   */
  public Outbound outbound(long customer, String caller, String dialled) {
    var standing = directory.standing(customer);
    PhoneNumbers.Reading reading = PhoneNumbers.read(dialled, standing.region());
    if (!(reading instanceof PhoneNumbers.E164 number)) {
      // Digits that are not a valid number for the region deserve to be told why; a name or an
      // unknown extension is simply not found.
      return reading instanceof PhoneNumbers.Refused r && dialled.matches("\\+?[0-9]{7,}")
          ? new Refused(404, r.reason())
          : new NotANumber();
    }
    Optional<String> refusal = standing.refusal();
    if (refusal.isPresent()) {
      return new Refused(403, refusal.get());
    }
    List<TrunkRoute> candidates =
        directory.trunks().stream()
            .filter(t -> t.serves(customer) && t.match(number.number()) >= 0)
            .sorted(
                Comparator.comparing((TrunkRoute t) -> t.customerId() == null)
                    .thenComparing(t -> -t.match(number.number()))
                    .thenComparingInt(TrunkRoute::priority)
                    .thenComparing(TrunkRoute::name))
            .toList();
    if (candidates.isEmpty()) {
      return new Refused(404, "No trunk serves " + number.number());
    }
    return new Route(
        candidates.get(0),
        number.number(),
        directory.numberOf(caller),
        candidates.subList(1, candidates.size()));
  }
}
