package org.webphone.web.api;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.webphone.account.AccessDeniedException;
import org.webphone.phonebook.PhonebookService;

/**
 * Test only: asks the phonebook EJB for the contacts of the customer named in the query, as whoever
 * the request authenticated as (a phone's bearer token), so that a test can show the EJB itself
 * refuses another customer's data, whatever a REST resource or screen might forget.
 */
@WebServlet("/api/test/contacts")
public class IsolationProbeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @EJB PhonebookService phonebook;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long customer = Long.parseLong(req.getParameter("customer"));
    try {
      int n = phonebook.contacts(customer).size();
      resp.getWriter().print(req.getUserPrincipal().getName() + " read " + n);
    } catch (AccessDeniedException e) {
      resp.sendError(HttpServletResponse.SC_FORBIDDEN, e.getMessage());
    }
  }
}
