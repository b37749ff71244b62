package org.webphone.web.admin;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.webphone.account.AccountService;
import org.webphone.account.Customer;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;

/** Management → Customer: the customer list with search, and creating a customer. */
@Named
@ViewScoped
public class CustomersPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB AccountService accounts;

  @Inject transient FacesContext faces;

  private String search;
  private String newName;
  private String newEmail;
  private String newRegion;

  /** One page at a time from the database: the list may hold thousands of customers. */
  private final LazyDataModel<Customer> model =
      new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
          return (int) accounts.countCustomers(search);
        }

        @Override
        public List<Customer> load(
            int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> f) {
          // A view-scoped model keeps its row count between requests: recount each load, so
          // that a search that finds nothing shows the empty message and the paginator is right.
          setRowCount((int) accounts.countCustomers(search));
          return accounts.customers(search, first, pageSize);
        }

        @Override
        public String getRowKey(Customer c) {
          return String.valueOf(c.getId());
        }
      };

  public String create() {
    try {
      Customer c = accounts.createCustomer(newName, newEmail, newRegion);
      return "/admin/customer?faces-redirect=true&id=" + c.getId();
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "create", e);
    } catch (WebPhoneException e) {
      FormErrors.field(faces, "create:name", e.getMessage());
    }
    return null;
  }

  public LazyDataModel<Customer> getModel() {
    return model;
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getNewEmail() {
    return newEmail;
  }

  public void setNewEmail(String newEmail) {
    this.newEmail = newEmail;
  }

  public String getNewRegion() {
    return newRegion;
  }

  public void setNewRegion(String newRegion) {
    this.newRegion = newRegion;
  }
}
