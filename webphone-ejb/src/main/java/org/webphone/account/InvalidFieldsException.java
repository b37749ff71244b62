package org.webphone.account;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fields that failed validation, each with its message, so that a form can show each message next
 * to its field. Nothing was saved.
 */
public class InvalidFieldsException extends WebPhoneException {
  private static final long serialVersionUID = 1L;
  private final TreeMap<String, String> fields;

  public InvalidFieldsException(Set<? extends ConstraintViolation<?>> violations) {
    this(messages(violations));
  }

  private InvalidFieldsException(TreeMap<String, String> fields) {
    super("invalid " + fields);
    this.fields = fields;
  }

  /** Fields refused by rules that Bean Validation does not express: field → message. */
  public static InvalidFieldsException of(Map<String, String> fields) {
    return new InvalidFieldsException(new TreeMap<>(fields));
  }

  /** One field refused by a rule that Bean Validation does not express. */
  public static InvalidFieldsException of(String field, String message) {
    TreeMap<String, String> m = new TreeMap<>();
    m.put(field, message);
    return new InvalidFieldsException(m);
  }

  /**
   * Validates {@code entity} before it is written, so that the caller learns which field is wrong,
   * not just that one is.
   *
   * @throws InvalidFieldsException when any constraint fails
   */
  public static <T> T requireValid(Validator validator, T entity) {
    Set<ConstraintViolation<T>> violations = validator.validate(entity);
    if (!violations.isEmpty()) {
      throw new InvalidFieldsException(violations);
    }
    return entity;
  }

  /** Field (property path) → message. */
  public Map<String, String> fields() {
    return Map.copyOf(fields);
  }

  private static TreeMap<String, String> messages(
      Set<? extends ConstraintViolation<?>> violations) {
    TreeMap<String, String> m = new TreeMap<>();
    for (ConstraintViolation<?> v : violations) {
      m.merge(v.getPropertyPath().toString(), v.getMessage(), (a, b) -> a + "; " + b);
    }
    return m;
  }
}
