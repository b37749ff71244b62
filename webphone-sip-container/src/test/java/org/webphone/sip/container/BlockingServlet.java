package org.webphone.sip.container;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;

/**
 * Holds the n-th OPTIONS until the n-th latch is released, so that a test can occupy the stack's
 * workers and free them one at a time. REGISTERs are answered at once.
 */
public class BlockingServlet extends SipServlet {
  private static final long serialVersionUID = 1L;
  static volatile CountDownLatch entered = new CountDownLatch(0);
  static volatile List<CountDownLatch> releases = List.of();
  private static final AtomicInteger calls = new AtomicInteger();

  static void reset(int workers) {
    calls.set(0);
    entered = new CountDownLatch(workers);
    CountDownLatch[] latches = new CountDownLatch[workers];
    for (int i = 0; i < workers; i++) {
      latches[i] = new CountDownLatch(1);
    }
    releases = List.of(latches);
  }

  static void releaseAll() {
    releases.forEach(CountDownLatch::countDown);
  }

  @Override
  protected void doOptions(SipServletRequest request) throws IOException {
    int n = calls.getAndIncrement();
    entered.countDown();
    if (n < releases.size()) {
      try {
        releases.get(n).await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    request.createResponse(200).send();
  }

  @Override
  protected void doRegister(SipServletRequest request) throws IOException {
    request.createResponse(200).send();
  }
}
