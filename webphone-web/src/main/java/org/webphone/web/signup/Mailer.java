package org.webphone.web.signup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Sends the platform's few mails (sign-up verification) through the SMTP server the operator
 * configured ({@code webphone.mail.*}); with none configured, nothing is sent and nothing leaves
 * the machine. STARTTLS is required by default (TLS 1.2 or 1.3), with the server's certificate
 * checked against its name.
 */
@ApplicationScoped
public class Mailer {
  private static final Logger LOG = Logger.getLogger(Mailer.class.getName());

  @Inject Config config;

  /** Whether an SMTP server is configured. */
  public boolean enabled() {
    return !config.getOptionalValue("webphone.mail.smtp-host", String.class).orElse("").isBlank();
  }

  /**
   * @return false when no SMTP server is configured (the caller tells the user)
   * @throws MessagingException when the configured server refuses or cannot be reached
   */
  public boolean send(String to, String subject, String text) throws MessagingException {
    if (!enabled()) {
      LOG.warning(
          "no SMTP server is configured (webphone.mail.smtp-host): a mail to "
              + to
              + " was not sent");
      return false;
    }
    Session session = session();
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(config.getValue("webphone.mail.from", String.class)));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    m.setSubject(subject, "UTF-8");
    m.setText(text, "UTF-8");
    Transport.send(m);
    return true;
  }

  private Session session() {
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", config.getValue("webphone.mail.smtp-host", String.class));
    p.put("mail.smtp.port", config.getValue("webphone.mail.smtp-port", String.class));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.writetimeout", "10000");
    boolean starttls = config.getValue("webphone.mail.starttls", Boolean.class);
    p.put("mail.smtp.starttls.enable", Boolean.toString(starttls));
    p.put("mail.smtp.starttls.required", Boolean.toString(starttls));
    p.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
    p.put("mail.smtp.ssl.checkserveridentity", "true");
    String user = config.getOptionalValue("webphone.mail.user", String.class).orElse("");
    if (user.isBlank()) {
      return Session.getInstance(p);
    }
    p.put("mail.smtp.auth", "true");
    String password = config.getOptionalValue("webphone.mail.password", String.class).orElse("");
    return Session.getInstance(
        p,
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(user, password);
          }
        });
  }
}
