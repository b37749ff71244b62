package org.webphone.sip.container;

import java.util.Iterator;
import javax.servlet.http.HttpSession;
import org.mobicents.servlet.sip.core.MobicentsSipFactory;
import org.mobicents.servlet.sip.core.SipContext;
import org.mobicents.servlet.sip.core.SipManager;
import org.mobicents.servlet.sip.core.session.MobicentsSipApplicationSession;
import org.mobicents.servlet.sip.core.session.MobicentsSipApplicationSessionKey;
import org.mobicents.servlet.sip.core.session.MobicentsSipSession;
import org.mobicents.servlet.sip.core.session.MobicentsSipSessionKey;
import org.mobicents.servlet.sip.core.session.SipApplicationSessionKey;
import org.mobicents.servlet.sip.core.session.SipManagerDelegate;
import org.mobicents.servlet.sip.core.session.SipSessionKey;
import org.mobicents.servlet.sip.core.session.SipStandardManagerDelegate;
import org.mobicents.servlet.sip.message.SipFactoryImpl;

/**
 * SIP (application) sessions of one application, held in memory by the core's own delegate. The
 * statistics setters exist for the core's JMX view; they pass straight through.
 */
final class SessionManager implements SipManager {
  private final SipManagerDelegate delegate = new SipStandardManagerDelegate();

  SessionManager(SipContext context) {
    delegate.setContainer(context);
  }

  @Override
  public MobicentsSipSession removeSipSession(MobicentsSipSessionKey key) {
    return delegate.removeSipSession(key);
  }

  @Override
  public MobicentsSipApplicationSession removeSipApplicationSession(
      MobicentsSipApplicationSessionKey key) {
    return delegate.removeSipApplicationSession(key);
  }

  @Override
  public MobicentsSipApplicationSession getSipApplicationSession(
      MobicentsSipApplicationSessionKey key, boolean create) {
    return delegate.getSipApplicationSession((SipApplicationSessionKey) key, create);
  }

  @Override
  public MobicentsSipSession getSipSession(
      MobicentsSipSessionKey key,
      boolean create,
      MobicentsSipFactory factory,
      MobicentsSipApplicationSession applicationSession) {
    return delegate.getSipSession(
        (SipSessionKey) key, create, (SipFactoryImpl) factory, applicationSession);
  }

  @Override
  public MobicentsSipApplicationSession findSipApplicationSession(HttpSession httpSession) {
    return null; // no HTTP/SIP convergence: the web side is jakarta, the core javax
  }

  @Override
  public void removeAllSessions() {
    delegate.removeAllSessions();
  }

  @Override
  public void setMobicentsSipFactory(MobicentsSipFactory factory) {
    delegate.setSipFactoryImpl((SipFactoryImpl) factory);
  }

  @Override
  public MobicentsSipFactory getMobicentsSipFactory() {
    return delegate.getSipFactoryImpl();
  }

  @Override
  public void dumpSipSessions() {
    delegate.dumpSipSessions();
  }

  @Override
  public void dumpSipApplicationSessions() {
    delegate.dumpSipApplicationSessions();
  }

  @Override
  public Iterator<MobicentsSipSession> getAllSipSessions() {
    return delegate.getAllSipSessions();
  }

  @Override
  public Iterator<MobicentsSipApplicationSession> getAllSipApplicationSessions() {
    return delegate.getAllSipApplicationSessions();
  }

  @Override
  public int getMaxActiveSipSessions() {
    return delegate.getMaxActiveSipSessions();
  }

  @Override
  public void setMaxActiveSipSessions(int max) {
    delegate.setMaxActiveSipSessions(max);
  }

  @Override
  public int getMaxActiveSipApplicationSessions() {
    return delegate.getMaxActiveSipApplicationSessions();
  }

  @Override
  public void setMaxActiveSipApplicationSessions(int max) {
    delegate.setMaxActiveSipApplicationSessions(max);
  }

  @Override
  public int getRejectedSipSessions() {
    return delegate.getRejectedSipSessions();
  }

  @Override
  public void setRejectedSipSessions(int n) {
    delegate.setRejectedSipSessions(n);
  }

  @Override
  public int getRejectedSipApplicationSessions() {
    return delegate.getRejectedSipApplicationSessions();
  }

  @Override
  public void setRejectedSipApplicationSessions(int n) {
    delegate.setRejectedSipApplicationSessions(n);
  }

  @Override
  public void setSipSessionCounter(int n) {
    delegate.setSipSessionCounter(n);
  }

  @Override
  public int getSipSessionCounter() {
    return delegate.getSipSessionCounter();
  }

  @Override
  public int getActiveSipSessions() {
    return delegate.getNumberOfSipSessions();
  }

  @Override
  public int getSipSessionMaxAliveTime() {
    return delegate.getSipSessionMaxAliveTime();
  }

  @Override
  public void setSipSessionMaxAliveTime(int t) {
    delegate.setSipSessionMaxAliveTime(t);
  }

  @Override
  public int getSipSessionAverageAliveTime() {
    return delegate.getSipSessionAverageAliveTime();
  }

  @Override
  public void setSipSessionAverageAliveTime(int t) {
    delegate.setSipSessionAverageAliveTime(t);
  }

  @Override
  public void setSipApplicationSessionCounter(int n) {
    delegate.setSipApplicationSessionCounter(n);
  }

  @Override
  public int getSipApplicationSessionCounter() {
    return delegate.getSipApplicationSessionCounter();
  }

  @Override
  public int getActiveSipApplicationSessions() {
    return delegate.getNumberOfSipApplicationSessions();
  }

  @Override
  public int getSipApplicationSessionMaxAliveTime() {
    return delegate.getSipApplicationSessionMaxAliveTime();
  }

  @Override
  public void setSipApplicationSessionMaxAliveTime(int t) {
    delegate.setSipApplicationSessionMaxAliveTime(t);
  }

  @Override
  public int getSipApplicationSessionAverageAliveTime() {
    return delegate.getSipApplicationSessionAverageAliveTime();
  }

  @Override
  public void setSipApplicationSessionAverageAliveTime(int t) {
    delegate.setSipApplicationSessionAverageAliveTime(t);
  }

  @Override
  public int getExpiredSipSessions() {
    return delegate.getExpiredSipSessions();
  }

  @Override
  public void setExpiredSipSessions(int n) {
    delegate.setExpiredSipSessions(n);
  }

  @Override
  public int getExpiredSipApplicationSessions() {
    return delegate.getExpiredSipApplicationSessions();
  }

  @Override
  public void setExpiredSipApplicationSessions(int n) {
    delegate.setExpiredSipApplicationSessions(n);
  }

  @Override
  public double getNumberOfSipApplicationSessionCreationPerSecond() {
    return delegate.getNumberOfSipApplicationSessionCreationPerSecond();
  }

  @Override
  public double getNumberOfSipSessionCreationPerSecond() {
    return delegate.getNumberOfSipSessionCreationPerSecond();
  }

  @Override
  public void updateStats() {
    delegate.updateStats();
  }

  @Override
  public Object findSession(String id) {
    return null; // HTTP sessions live in the jakarta world
  }
}
