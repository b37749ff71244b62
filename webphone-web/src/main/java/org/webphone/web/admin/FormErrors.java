package org.webphone.web.admin;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIInput;
import jakarta.faces.context.FacesContext;
import java.util.Map;
import org.webphone.account.InvalidFieldsException;

/**
 * Puts a service's refusal next to the field it is about ({@code form:field}), or at the top of the
 * page when it names no field, and marks the request as failed so that a dialog stays open with
 * what the user typed.
 */
public final class FormErrors {
  private FormErrors() {}

  public static void show(FacesContext faces, String form, InvalidFieldsException e) {
    show(faces, form, e, Map.of());
  }

  /**
   * @param renames entity property → input id, where the form names a field differently
   */
  public static void show(
      FacesContext faces, String form, InvalidFieldsException e, Map<String, String> renames) {
    for (Map.Entry<String, String> f : e.fields().entrySet()) {
      field(faces, form + ":" + renames.getOrDefault(f.getKey(), f.getKey()), f.getValue());
    }
  }

  public static void field(FacesContext faces, String clientId, String text) {
    faces.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, text));
    faces.validationFailed();
    // Marked invalid like a field the form itself refused: red border and aria-invalid.
    faces
        .getViewRoot()
        .invokeOnComponent(
            faces,
            clientId,
            (context, component) -> {
              if (component instanceof UIInput input) {
                // An invalid input renders its submitted value: give it back what was typed
                // (the model still holds it), or the field would come back empty.
                Object typed = input.getValue();
                input.setSubmittedValue(typed == null ? null : typed.toString());
                input.setValid(false);
              }
            });
  }

  public static void page(FacesContext faces, String text) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    faces.validationFailed();
  }

  public static void info(FacesContext faces, String text) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
  }
}
