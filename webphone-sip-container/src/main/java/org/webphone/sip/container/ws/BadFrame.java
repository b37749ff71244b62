package org.webphone.sip.container.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The answer to a frame the stack could not parse. A request whose dialog-identifying headers can
 * still be read gets a 400 naming the problem (RFC 3261 §8.2.6: Via, From, To, Call-ID and CSeq
 * copied, a To tag added); anything else is no SIP request and has no answer.
 *
 * <p>Written by hand, and only this much: JAIN-SIP's parser throws away the partial message when a
 * header the transaction layer needs is broken, so there is nothing left to build a response from.
 */
final class BadFrame {
  private static final Pattern REQUEST_LINE = Pattern.compile("[A-Za-z]+ \\S+ SIP/2\\.0");
  private static final Pattern PRINTABLE = Pattern.compile("[^\\x20-\\x7e]");

  private BadFrame() {}

  /** The 400 to send back for {@code frame}, or empty when it is no request we can answer. */
  static Optional<String> badRequest(String frame, String problem) {
    String[] lines = frame.split("\r?\n", -1);
    if (lines.length < 2 || !REQUEST_LINE.matcher(lines[0].trim()).matches()) {
      return Optional.empty();
    }
    List<String> vias = new ArrayList<>();
    String from = null;
    String to = null;
    String callId = null;
    String cseq = null;
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      switch (name) {
        case "via", "v" -> vias.add(value);
        case "from", "f" -> from = value;
        case "to", "t" -> to = value;
        case "call-id", "i" -> callId = value;
        case "cseq" -> cseq = value;
        default -> {
          // not needed for the answer
        }
      }
    }
    if (vias.isEmpty() || from == null || to == null || callId == null || cseq == null) {
      return Optional.empty();
    }
    if (!to.toLowerCase(Locale.ROOT).contains(";tag=")) {
      to = to + ";tag=" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
    StringBuilder answer = new StringBuilder("SIP/2.0 400 ").append(reason(problem)).append("\r\n");
    for (String via : vias) {
      answer.append("Via: ").append(via).append("\r\n");
    }
    answer
        .append("From: ")
        .append(from)
        .append("\r\nTo: ")
        .append(to)
        .append("\r\nCall-ID: ")
        .append(callId)
        .append("\r\nCSeq: ")
        .append(cseq)
        .append("\r\nContent-Length: 0\r\n\r\n");
    return Optional.of(answer.toString());
  }

  /** A reason phrase: printable, one line, short (it ends up in phones' logs and screens). */
  private static String reason(String problem) {
    String text = problem == null ? "" : PRINTABLE.matcher(problem).replaceAll(" ").trim();
    if (text.length() > 80) {
      text = text.substring(0, 80);
    }
    return text.isEmpty() ? "Bad Request" : "Bad Request (" + text + ")";
  }
}
