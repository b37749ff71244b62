package org.webphone.web.phonebook;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.webphone.account.TenantGuard;
import org.webphone.phonebook.Contact;
import org.webphone.phonebook.PhonebookService;

/**
 * {@code GET /api/phonebook}: the calling phone's customer phonebook (role {@code phone}, from a
 * bearer token). The strong ETag names the phonebook's version, which every committed change
 * raises: {@code If-None-Match} with it gets 304 and no body (RFC 9110 §13.1.2) after one small
 * query, without reading the contacts. Bodies are rendered once per version (and gzipped when the
 * phone accepts it) and kept in {@link PhonebookCache}.
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

  @Inject PhonebookCache cache;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response get(
      @Context Request request, @HeaderParam("Accept-Encoding") String acceptEncoding) {
    long customer =
        guard
            .callerCustomer()
            .orElseThrow(() -> new jakarta.ws.rs.ForbiddenException("not a phone of a customer"));
    boolean gzip =
        acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
    // The version first, the contacts (if needed) after: see PhonebookService.version.
    long version = phonebook.version(customer);
    // Strong ETags differ per representation (RFC 9110 §8.8.3): the gzip body has its own.
    EntityTag tag = new EntityTag("pb" + customer + "v" + version + (gzip ? "gz" : ""));
    CacheControl revalidate = new CacheControl();
    revalidate.setPrivate(true);
    revalidate.setNoCache(true);
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.cacheControl(revalidate).header("Vary", "Accept-Encoding").build();
    }
    PhonebookCache.Bodies bodies = cache.get(customer, version, () -> render(customer));
    Response.ResponseBuilder ok =
        Response.ok(
                gzip ? bodies.gzip() : bodies.json(),
                MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
            .tag(tag)
            .cacheControl(revalidate)
            .header("Vary", "Accept-Encoding");
    if (gzip) {
      ok.header("Content-Encoding", "gzip");
    }
    return ok.build();
  }

  private byte[] render(long customer) {
    List<Entry> entries =
        phonebook.contacts(customer).stream().map(PhonebookResource::entry).toList();
    return JSON.toJson(new Phonebook(entries)).getBytes(StandardCharsets.UTF_8);
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
}
