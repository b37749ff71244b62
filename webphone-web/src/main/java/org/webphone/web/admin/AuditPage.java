package org.webphone.web.admin;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.webphone.audit.AuditEntry;
import org.webphone.audit.AuditLog;

/** Management → Audit log: every change, newest first, a page at a time. */
@Named
@ViewScoped
public class AuditPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB AuditLog audit;

  private final LazyDataModel<AuditEntry> model =
      new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
          return (int) audit.count(null);
        }

        @Override
        public List<AuditEntry> load(
            int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> f) {
          // A view-scoped model keeps its row count between requests: recount each load, so
          // that a search that finds nothing shows the empty message and the paginator is right.
          setRowCount((int) audit.count(null));
          return audit.recent(null, first, pageSize);
        }

        @Override
        public String getRowKey(AuditEntry e) {
          return String.valueOf(e.getId());
        }
      };

  public LazyDataModel<AuditEntry> getModel() {
    return model;
  }
}
