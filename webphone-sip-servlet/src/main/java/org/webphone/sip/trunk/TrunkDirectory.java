package org.webphone.sip.trunk;

import java.util.List;
import java.util.Optional;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.OutboundStanding;
import org.webphone.trunk.TrunkRoute;

/** What the router reads about trunks, numbers and customers (the database, behind a cache). */
public interface TrunkDirectory {
  /** Every enabled trunk. */
  List<TrunkRoute> trunks();

  /** Where a call to our number {@code e164} goes, if it is one of ours. */
  Optional<DidRoute> did(String e164);

  /** The number {@code username} calls out as, if one is assigned to it. */
  Optional<String> numberOf(String username);

  /** Whether {@code customer} may call out, and its region. */
  OutboundStanding standing(long customer);

  /** No trunks and no numbers: every external number is "not found". */
  TrunkDirectory NONE =
      new TrunkDirectory() {
        @Override
        public List<TrunkRoute> trunks() {
          return List.of();
        }

        @Override
        public Optional<DidRoute> did(String e164) {
          return Optional.empty();
        }

        @Override
        public Optional<String> numberOf(String username) {
          return Optional.empty();
        }

        @Override
        public OutboundStanding standing(long customer) {
          return new OutboundStanding(null, false, false);
        }
      };
}
