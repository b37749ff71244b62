package org.webphone.web.admin;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.Map;
import org.webphone.account.InvalidFieldsException;

/**
 * Puts a service's refusal next to the field it is about ({@code form:field}), or at the top of the
 * page when it names no field, and marks the request as failed so that a dialog stays open with
 * what the user typed.
 */
final class FormErrors {
  private FormErrors() {}

  static void show(FacesContext faces, String form, InvalidFieldsException e) {
    show(faces, form, e, Map.of());
  }

  /**
   * @param renames entity property → input id, where the form names a field differently
   */
  static void show(
      FacesContext faces, String form, InvalidFieldsException e, Map<String, String> renames) {
    for (Map.Entry<String, String> f : e.fields().entrySet()) {
      field(faces, form + ":" + renames.getOrDefault(f.getKey(), f.getKey()), f.getValue());
    }
  }

  static void field(FacesContext faces, String clientId, String text) {
    faces.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, text));
    faces.validationFailed();
  }

  static void page(FacesContext faces, String text) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    faces.validationFailed();
  }

  static void info(FacesContext faces, String text) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
  }
}
