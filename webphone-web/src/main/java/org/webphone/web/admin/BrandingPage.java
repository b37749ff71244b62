package org.webphone.web.admin;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.primefaces.model.file.UploadedFile;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;
import org.webphone.branding.Branding;
import org.webphone.branding.BrandingRules;
import org.webphone.branding.BrandingService;
import org.webphone.web.config.WebConfig;

/**
 * Setup → Branding: the phone app's name, colours, logo, favicon and style sheet, with a preview.
 * The form edits a copy of what is saved; uploads replace the stored image, the remove boxes take
 * it away. The service checks everything (images by their bytes) and audits the change.
 */
@Named
@ViewScoped
public class BrandingPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB transient BrandingService branding;

  @Inject transient FacesContext faces;

  /** The configured name and colour, shown until an admin saves a branding of their own. */
  @Inject transient WebConfig web;

  private Branding draft;
  private transient UploadedFile logoFile;
  private transient UploadedFile faviconFile;
  private boolean removeLogo;
  private boolean removeFavicon;

  @PostConstruct
  void load() {
    draft =
        branding
            .saved()
            .map(Branding::copy)
            .orElseGet(() -> Branding.defaults(web.productName(), web.brandColor()));
  }

  public void save() {
    try {
      apply(logoFile, removeLogo, "logo");
      apply(faviconFile, removeFavicon, "favicon");
      Branding saved = branding.save(draft);
      draft = saved.copy();
      removeLogo = false;
      removeFavicon = false;
      FormErrors.info(
          faces, "Branding saved: phones show it when they next open (or within a minute).");
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "branding", e);
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  /** An upload replaces the image; the remove box takes it away; otherwise it stays. */
  private void apply(UploadedFile file, boolean remove, String which) {
    byte[] bytes = null;
    boolean replace = remove;
    if (file != null && file.getSize() > 0) {
      if (file.getSize() > BrandingRules.MAX_IMAGE_BYTES) {
        throw InvalidFieldsException.of(which, "at most 256 KB");
      }
      try (InputStream in = file.getInputStream()) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw InvalidFieldsException.of(which, "the upload could not be read: " + e.getMessage());
      }
      replace = true;
    }
    if (!replace) {
      return;
    }
    if (which.equals("logo")) {
      draft.setLogo(bytes, null);
    } else {
      draft.setFavicon(bytes, null);
    }
  }

  /** The preview's inline style: the draft's colours. */
  public String getPreviewStyle() {
    return "--accent:"
        + safe(draft.getAccentColor())
        + ";background:"
        + safe(draft.getBackground());
  }

  private static String safe(String color) {
    return color != null && color.matches("#[0-9a-fA-F]{6}") ? color : "#000000";
  }

  public boolean isLogoStored() {
    return draft.getLogo() != null;
  }

  public boolean isFaviconStored() {
    return draft.getFavicon() != null;
  }

  /** The stored logo's URL for the preview (its version defeats the browser's cache). */
  public String getLogoUrl() {
    return "/api/branding/logo?v=" + draft.getVersion();
  }

  public Branding getDraft() {
    return draft;
  }

  public UploadedFile getLogoFile() {
    return logoFile;
  }

  public void setLogoFile(UploadedFile logoFile) {
    this.logoFile = logoFile;
  }

  public UploadedFile getFaviconFile() {
    return faviconFile;
  }

  public void setFaviconFile(UploadedFile faviconFile) {
    this.faviconFile = faviconFile;
  }

  public boolean isRemoveLogo() {
    return removeLogo;
  }

  public void setRemoveLogo(boolean removeLogo) {
    this.removeLogo = removeLogo;
  }

  public boolean isRemoveFavicon() {
    return removeFavicon;
  }

  public void setRemoveFavicon(boolean removeFavicon) {
    this.removeFavicon = removeFavicon;
  }
}
