/* rp-search-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Searching runs on the main thread: a query takes a few milliseconds even
 * on a 200,000-entry catalogue (tests/bench/RESULTS.md), less than a frame,
 * and GtkSearchEntry already debounces typing.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-search-page.h"
#include "rp-widget-util.h"

#define OPEN_MARK  "<span background=\"#f8e45c\" weight=\"bold\">"
#define CLOSE_MARK "</span>"
/* Chips per facet kind: more would push the results off a kiosk screen. */
#define MAX_CHIPS  5

struct _RpSearchPage
{
  GtkWidget   parent_instance;

  RpSearch   *search;
  char       *text;
  char       *category; /* active filters */
  guint       year;
  guint       n_results;

  GtkLabel   *status_label;
  GtkFlowBox *facets;
  GtkListBox *results;
};

G_DEFINE_FINAL_TYPE (RpSearchPage, rp_search_page, GTK_TYPE_WIDGET)

static void refresh (RpSearchPage *self);

static gboolean
refresh_idle (gpointer data)
{
  refresh (data);
  return G_SOURCE_REMOVE;
}

static void
on_row_activated (GtkListBox    *box,
                  GtkListBoxRow *row,
                  RpSearchPage  *self)
{
  RpSearchResult *result = g_object_get_data (G_OBJECT (row), "rp-result");

  if (result == NULL)
    return;
  if (rp_search_result_get_page (result) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "nav.attachment-page", "(suu)",
                                rp_search_result_get_id (result),
                                (guint32) rp_search_result_get_attachment (result),
                                (guint32) rp_search_result_get_page (result));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "nav.entry", "s", rp_search_result_get_id (result));
}

static GtkWidget *
make_label (const char *markup,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
make_row (RpSearchResult *result)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *title = rp_search_result_format_title (result, OPEN_MARK, CLOSE_MARK, TRUE);
  g_autofree char *snippet = rp_search_result_format_snippet (result, OPEN_MARK, CLOSE_MARK, TRUE);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *meta_markup = NULL;

  if (rp_search_result_get_date (result) != NULL)
    g_string_append (meta, rp_search_result_get_date (result));
  if (meta->len > 0)
    g_string_append (meta, "  ·  ");
  g_string_append (meta, rp_search_result_get_organ (result));
  if (rp_search_result_get_page (result) > 0)
    {
      g_string_append (meta, "  ·  ");
      g_string_append_printf (meta, _("PDF page %u"), rp_search_result_get_page (result));
    }
  meta_markup = g_markup_escape_text (meta->str, -1);

  gtk_box_append (GTK_BOX (box), make_label (title, "rp-row-title"));
  gtk_box_append (GTK_BOX (box), make_label (meta_markup, "rp-row-meta"));
  if (*snippet != '\0')
    gtk_box_append (GTK_BOX (box), make_label (snippet, "rp-search-snippet"));
  gtk_widget_add_css_class (box, "rp-entry-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "rp-result", g_object_ref (result), g_object_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rp_search_result_get_title (result),
                                  -1);
  return row;
}

static void
on_chip_toggled (GtkToggleButton *button,
                 RpSearchPage    *self)
{
  RpSearchFacetKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "rp-kind"));
  const char *value = g_object_get_data (G_OBJECT (button), "rp-value");
  gboolean active = gtk_toggle_button_get_active (button);

  if (kind == RP_SEARCH_FACET_CATEGORY)
    {
      g_free (self->category);
      self->category = active ? g_strdup (value) : NULL;
    }
  else
    self->year = active ? (guint) g_ascii_strtoull (value, NULL, 10) : 0;
  /* Rebuilding the chips from inside a chip's signal: let it finish first. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle, g_object_ref (self), g_object_unref);
}

static void
add_chips (RpSearchPage      *self,
           GListModel        *facets,
           RpSearchFacetKind  kind)
{
  guint shown = 0;

  for (guint i = 0; i < g_list_model_get_n_items (facets) && shown < MAX_CHIPS; i++)
    {
      g_autoptr(RpSearchFacet) facet = g_list_model_get_item (facets, i);
      g_autofree char *label = NULL;
      g_autofree char *year = NULL;
      GtkWidget *chip;
      gboolean active;

      if (rp_search_facet_get_kind (facet) != kind)
        continue;
      label = g_strdup_printf ("%s (%u)", rp_search_facet_get_label (facet), rp_search_facet_get_count (facet));
      chip = gtk_toggle_button_new_with_label (label);
      gtk_widget_add_css_class (chip, "rp-facet-chip");
      year = g_strdup_printf ("%u", self->year);
      active = kind == RP_SEARCH_FACET_CATEGORY ? g_strcmp0 (self->category, rp_search_facet_get_value (facet)) == 0
                                                : g_str_equal (year, rp_search_facet_get_value (facet));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), active);
      g_object_set_data (G_OBJECT (chip), "rp-kind", GUINT_TO_POINTER (kind));
      g_object_set_data_full (G_OBJECT (chip), "rp-value", g_strdup (rp_search_facet_get_value (facet)), g_free);
      g_signal_connect (chip, "toggled", G_CALLBACK (on_chip_toggled), self);
      gtk_flow_box_append (self->facets, chip);
      gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
      shown++;
    }
}

static void
refresh (RpSearchPage *self)
{
  RpSearchOptions options = { .category = self->category, .year = self->year };
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GListModel) facets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  GtkWidget *child;
  guint n_matches = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facets))) != NULL)
    gtk_flow_box_remove (self->facets, child);
  self->n_results = 0;

  if (self->search == NULL || self->text == NULL || *self->text == '\0')
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }
  results = rp_search_run (self->search, self->text, &options, &error);
  if (results != NULL)
    facets = rp_search_facets (self->search, self->text, &options, &n_matches, NULL, &error);
  if (results == NULL || facets == NULL)
    {
      /* Invalid or over-long input: say so instead of showing nothing. */
      gtk_label_set_text (self->status_label, _("This text cannot be searched. Try fewer words."));
      return;
    }

  self->n_results = g_list_model_get_n_items (results);
  for (guint i = 0; i < self->n_results; i++)
    {
      g_autoptr(RpSearchResult) result = g_list_model_get_item (results, i);
      gtk_list_box_append (self->results, make_row (result));
    }
  if (n_matches > 0)
    {
      add_chips (self, facets, RP_SEARCH_FACET_CATEGORY);
      add_chips (self, facets, RP_SEARCH_FACET_YEAR);
      status = g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%u document found", "%u documents found", n_matches),
                                n_matches);
    }
  else
    status = g_strdup_printf (_("No documents found for “%s”."), self->text);
  gtk_label_set_text (self->status_label, status);
}

static void
rp_search_page_dispose (GObject *object)
{
  RpSearchPage *self = RP_SEARCH_PAGE (object);

  rp_widget_remove_children (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_SEARCH_PAGE);
  g_clear_object (&self->search);

  G_OBJECT_CLASS (rp_search_page_parent_class)->dispose (object);
}

static void
rp_search_page_finalize (GObject *object)
{
  RpSearchPage *self = RP_SEARCH_PAGE (object);

  g_free (self->text);
  g_free (self->category);

  G_OBJECT_CLASS (rp_search_page_parent_class)->finalize (object);
}

static void
rp_search_page_class_init (RpSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_search_page_dispose;
  object_class->finalize = rp_search_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpSearchPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RpSearchPage, facets);
  gtk_widget_class_bind_template_child (widget_class, RpSearchPage, results);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rp_search_page_init (RpSearchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
rp_search_page_set_catalogue (RpSearchPage *self,
                              RpCatalogue  *catalogue)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_SEARCH_PAGE (self));
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));

  g_clear_object (&self->search);
  self->search = rp_search_open (rp_catalogue_get_path (catalogue), &error);
  if (self->search == NULL)
    g_warning ("Search is unavailable: %s", error->message);
  refresh (self);
}

void
rp_search_page_set_text (RpSearchPage *self,
                         const char   *text)
{
  g_return_if_fail (RP_IS_SEARCH_PAGE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->category, g_free);
  self->year = 0;
  refresh (self);
}

guint
rp_search_page_get_n_results (RpSearchPage *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_PAGE (self), 0);
  return self->n_results;
}
