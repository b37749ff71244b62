package org.webphone.web.security;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import org.webphone.login.LoginService;

/** Web logins (admins and customers) from the database; see {@link LoginService} for hashing. */
@ApplicationScoped
public class LoginIdentityStore implements IdentityStore {
  @EJB LoginService logins;

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    return logins
        .verify(credential.getCaller(), credential.getPasswordAsString())
        .map(v -> new CredentialValidationResult(v.username(), Set.of(v.role().roleName())))
        .orElse(CredentialValidationResult.INVALID_RESULT);
  }
}
