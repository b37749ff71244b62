package org.webphone.web.api;

import jakarta.ejb.EJB;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.webphone.account.TenantGuard;
import org.webphone.phonebook.Contact;
import org.webphone.phonebook.PhonebookService;

/**
 * {@code GET /api/phonebook}: the calling phone's customer phonebook (role {@code phone}, from a
 * bearer token). The strong ETag is a hash of the body, so it changes exactly when what the phone
 * would show changes; {@code If-None-Match} with it gets 304 and no body (RFC 9110 §13.1.2).
 */
@Path("phonebook")
public class PhonebookResource {
  private static final Jsonb JSON = JsonbBuilder.create();

  /** What the phone gets: a stable shape, independent of the entities. */
  public record Phonebook(List<Entry> contacts) {}

  public record Entry(
      long id,
      String name,
      String company,
      String email,
      String notes,
      List<PhoneNumber> numbers) {}

  public record PhoneNumber(String label, String number, String extension) {}

  @EJB PhonebookService phonebook;

  @EJB TenantGuard guard;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response get(@Context Request request) {
    long customer =
        guard
            .callerCustomer()
            .orElseThrow(() -> new jakarta.ws.rs.ForbiddenException("not a phone of a customer"));
    List<Entry> entries =
        phonebook.contacts(customer).stream().map(PhonebookResource::entry).toList();
    byte[] body = JSON.toJson(new Phonebook(entries)).getBytes(StandardCharsets.UTF_8);
    EntityTag tag = new EntityTag(hash(body));
    CacheControl revalidate = new CacheControl();
    revalidate.setPrivate(true);
    revalidate.setNoCache(true);
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.cacheControl(revalidate).build();
    }
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
        .tag(tag)
        .cacheControl(revalidate)
        .build();
  }

  private static Entry entry(Contact c) {
    return new Entry(
        c.getId(),
        c.getName(),
        c.getCompany(),
        c.getEmail(),
        c.getNotes(),
        c.getNumbers().stream()
            .map(n -> new PhoneNumber(n.getLabel(), n.getNumber(), n.getExtension()))
            .toList());
  }

  private static String hash(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
