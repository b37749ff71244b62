package org.webphone.branding;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.webphone.account.InstantConverter;

/**
 * How the phone app looks: the one row of the platform's branding. Images are kept as they were
 * uploaded (checked by {@link BrandingRules}); {@code version} rises with every save, so that their
 * URLs and ETags change with them.
 */
// Not in EclipseLink's shared cache: another node of a cluster may have saved a newer one.
@Cacheable(false)
@Entity
@Table(name = "branding")
public class Branding implements Serializable {
  private static final long serialVersionUID = 1L;

  static final short ID = 1;

  @Id private short id = ID;

  @Column(name = "product_name", nullable = false, length = 60)
  private String productName;

  @Column(name = "accent_color", nullable = false, length = 7)
  private String accentColor;

  @Column(name = "background", nullable = false, length = 7)
  private String background;

  @Column(name = "logo", length = BrandingRules.MAX_IMAGE_BYTES)
  private byte[] logo;

  @Column(name = "logo_type", length = 40)
  private String logoType;

  @Column(name = "favicon", length = BrandingRules.MAX_IMAGE_BYTES)
  private byte[] favicon;

  @Column(name = "favicon_type", length = 40)
  private String faviconType;

  @Column(name = "custom_css", length = BrandingRules.MAX_CSS_CHARS)
  private String customCss;

  @Column(name = "version", nullable = false)
  private int version;

  @Column(name = "updated_at", nullable = false)
  @Convert(converter = InstantConverter.class)
  private Instant updatedAt;

  public Branding() {}

  /** The look before any admin saved one: the configuration's name and colour, no images. */
  public static Branding defaults(String productName, String accentColor) {
    Branding b = new Branding();
    b.productName = productName;
    b.accentColor = accentColor;
    b.background = "#ffffff";
    b.updatedAt = Instant.EPOCH;
    return b;
  }

  /** A detached copy, for a screen to edit without touching what is stored. */
  public Branding copy() {
    Branding b = new Branding();
    b.productName = productName;
    b.accentColor = accentColor;
    b.background = background;
    b.logo = logo;
    b.logoType = logoType;
    b.favicon = favicon;
    b.faviconType = faviconType;
    b.customCss = customCss;
    b.version = version;
    b.updatedAt = updatedAt;
    return b;
  }

  public String getProductName() {
    return productName;
  }

  public void setProductName(String productName) {
    this.productName = productName;
  }

  public String getAccentColor() {
    return accentColor;
  }

  public void setAccentColor(String accentColor) {
    this.accentColor = accentColor;
  }

  public String getBackground() {
    return background;
  }

  public void setBackground(String background) {
    this.background = background;
  }

  public byte[] getLogo() {
    return logo;
  }

  public String getLogoType() {
    return logoType;
  }

  public void setLogo(byte[] logo, String type) {
    this.logo = logo;
    this.logoType = logo == null ? null : type;
  }

  public byte[] getFavicon() {
    return favicon;
  }

  public String getFaviconType() {
    return faviconType;
  }

  public void setFavicon(byte[] favicon, String type) {
    this.favicon = favicon;
    this.faviconType = favicon == null ? null : type;
  }

  public String getCustomCss() {
    return customCss;
  }

  public void setCustomCss(String customCss) {
    this.customCss = customCss;
  }

  public int getVersion() {
    return version;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /** Copies what {@code draft} says into this row, one version up. */
  void takeFrom(Branding draft, Instant now) {
    productName = draft.productName;
    accentColor = draft.accentColor;
    background = draft.background;
    logo = draft.logo;
    logoType = draft.logoType;
    favicon = draft.favicon;
    faviconType = draft.faviconType;
    customCss = draft.customCss;
    version++;
    updatedAt = now;
  }
}
