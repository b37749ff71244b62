package org.webphone.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

  private static RuntimeException wrappedAsTheContainerDoes(Throwable driver) {
    return new EJBException(new PersistenceException("EclipseLink-4002", driver));
  }

  @Test
  void theDriverSayingTheConnectionIsGoneIsAnOutageHoweverDeepItSits() {
    assertTrue(
        DatabaseOutage.isCause(
            wrappedAsTheContainerDoes(
                new SQLException("This connection has been closed.", "08003"))));
    assertTrue(
        DatabaseOutage.isCause(
            wrappedAsTheContainerDoes(
                new SQLException("terminating connection due to administrator command", "57P01"))));
    assertTrue(
        DatabaseOutage.isCause(
            wrappedAsTheContainerDoes(
                new SQLException(
                    "Error in allocating a connection. Cause: Connection could not be allocated",
                    (String) null))));
    assertTrue(
        DatabaseOutage.isCause(
            wrappedAsTheContainerDoes(
                new SQLException("connect failed", null, new ConnectException("refused")))));
  }

  @Test
  void aBadRowOrAProgrammingErrorIsNot() {
    assertFalse(
        DatabaseOutage.isCause(
            wrappedAsTheContainerDoes(
                new SQLException("duplicate key value violates unique constraint", "23505"))));
    assertFalse(DatabaseOutage.isCause(new IllegalStateException("no")));
    assertFalse(DatabaseOutage.isCause(null));
  }

  @Test
  void aCycleOfCausesEnds() {
    SQLException a = new SQLException("a", "22001");
    SQLException b = new SQLException("b", "22001");
    a.setNextException(b);
    b.setNextException(a);
    assertFalse(DatabaseOutage.isCause(a));
  }
}
