package org.webphone.web.branding;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.webphone.branding.Branding;
import org.webphone.branding.BrandingService;

/**
 * The branding's files for the phone (public, like the page itself): {@code /api/branding/logo},
 * {@code favicon} and {@code style.css}. Their URLs in {@code /api/config} carry the branding's
 * version, so a new upload is fetched at once; each answer has an ETag for revalidation.
 *
 * <p>Images are sent with {@code X-Content-Type-Options: nosniff} and a sandboxing
 * Content-Security-Policy: an SVG opened on its own from our origin runs nothing (the upload
 * refuses scripts in it too, see {@code BrandingRules}).
 */
@Path("branding")
@ApplicationScoped
public class BrandingResource {
  @EJB BrandingService branding;

  @GET
  @Path("logo")
  public Response logo(@HeaderParam("If-None-Match") String etag) {
    return image(etag, "logo", Branding::getLogo, Branding::getLogoType);
  }

  @GET
  @Path("favicon")
  public Response favicon(@HeaderParam("If-None-Match") String etag) {
    return image(etag, "favicon", Branding::getFavicon, Branding::getFaviconType);
  }

  @GET
  @Path("style.css")
  public Response css(@HeaderParam("If-None-Match") String etag) {
    Branding b = branding.saved().orElse(null);
    if (b == null || b.getCustomCss() == null) {
      return Response.status(Response.Status.NOT_FOUND).build();
    }
    EntityTag tag = new EntityTag("css" + b.getVersion());
    if (tag.toString().equals(etag)) {
      return Response.notModified(tag).cacheControl(cache()).build();
    }
    return Response.ok(b.getCustomCss().getBytes(StandardCharsets.UTF_8), "text/css;charset=utf-8")
        .tag(tag)
        .cacheControl(cache())
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  private Response image(
      String etag, String what, Function<Branding, byte[]> bytes, Function<Branding, String> type) {
    Branding b = branding.saved().orElse(null);
    if (b == null || bytes.apply(b) == null) {
      return Response.status(Response.Status.NOT_FOUND).build();
    }
    EntityTag tag = new EntityTag(what + b.getVersion());
    if (tag.toString().equals(etag)) {
      return Response.notModified(tag).cacheControl(cache()).build();
    }
    return Response.ok(bytes.apply(b), type.apply(b))
        .tag(tag)
        .cacheControl(cache())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .build();
  }

  private static CacheControl cache() {
    CacheControl c = new CacheControl();
    c.setMaxAge(300);
    return c;
  }
}
