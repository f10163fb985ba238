/* rp-search-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Searching runs on the worker of an RpSearchRunner, in two steps: the
 * ranked results (a few milliseconds even on a 200,000-entry catalogue,
 * tests/bench/RESULTS.md), shown as soon as they arrive, then the count and the facet chips, which
 * visit every match (up to RP_SEARCH_FACET_CAP) and can take ten times as
 * long; they start once the results are painted. Every keystroke cancels
 * the search of the previous one, which stops within a fraction of a
 * millisecond, so typing never waits for an older search, and what a
 * cancelled search found is never shown. A keystroke waits a few
 * milliseconds for its own results only (RESULTS_WAIT_MS), so that most
 * are painted with the keystroke itself.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-search-page.h"
#include "rp-search-runner.h"
#include "rp-widget-util.h"

/* The mark's text colour is its own: in the dark style the label's light
 * text on the yellow was unreadable (issue 16). */
#define OPEN_MARK  "<span background=\"#f8e45c\" foreground=\"#1e1e1e\" weight=\"bold\">"
#define CLOSE_MARK "</span>"
/* Chips per facet kind: more would push the results off a kiosk screen. */
#define MAX_CHIPS  5
/* How long a keystroke waits for its own results before leaving them to
 * arrive on their own (see refresh). */
#define RESULTS_WAIT_MS 8

struct _RpSearchPage
{
  GtkWidget       parent_instance;

  RpSearchRunner *runner;      /* NULL without a catalogue */
  GCancellable   *cancellable; /* of the search for the current text and filters */
  char           *text;
  char           *category;    /* active filters */
  guint           year;
  guint           n_results;
  gboolean        searching;   /* the results shown are not yet those of text */
  gboolean        counting;    /* the count and chips are not yet those of text */
  gboolean        open_warned; /* the catalogue's search could not be opened */
  GdkFrameClock  *paint_clock; /* counting waits for its next frame */
  gulong          after_paint_id;

  GtkLabel       *status_label;
  AdwStatusPage  *no_results;     /* issue 16: the empty state */
  GtkFlowBox     *facets;
  GtkListBox     *results;
};

enum
{
  RESULTS_SHOWN,
  COUNTS_SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* Twenty rows are rebuilt on every keystroke, and their layout is most of
 * what a keystroke costs: a wrapping GtkLabel lays its text out again for
 * every width it is measured at, from one character per line upwards. The
 * minimum width here (twenty characters) spares it the narrowest. */
static GtkWidget *
make_label (const char *markup,
            const char *css_class,
            gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), wrap);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The longest text of a row: two lines, laid out once, at the width the
 * row gets (a GtkInscription is never measured by its text). The whole
 * snippet is the row's accessible description. */
static GtkWidget *
make_snippet (const char *markup)
{
  GtkInscription *snippet = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_markup (snippet, markup);
  gtk_inscription_set_wrap_mode (snippet, PANGO_WRAP_WORD_CHAR);
  gtk_inscription_set_min_lines (snippet, 2);
  gtk_inscription_set_nat_lines (snippet, 2);
  gtk_inscription_set_text_overflow (snippet, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (snippet, 0);
  gtk_inscription_set_yalign (snippet, 0);
  gtk_widget_add_css_class (GTK_WIDGET (snippet), "rp-search-snippet");
  return GTK_WIDGET (snippet);
}

static GtkWidget *
make_row (RpSearchResult *result)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *title = rp_search_result_format_title (result, OPEN_MARK, CLOSE_MARK, TRUE);
  g_autofree char *snippet = rp_search_result_format_snippet (result, OPEN_MARK, CLOSE_MARK, TRUE);
  g_autofree char *snippet_text = rp_search_result_format_snippet (result, "", "", FALSE);
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

  gtk_box_append (GTK_BOX (box), make_label (title, "rp-row-title", TRUE));
  gtk_box_append (GTK_BOX (box), make_label (meta_markup, "rp-row-meta", FALSE));
  if (*snippet != '\0')
    gtk_box_append (GTK_BOX (box), make_snippet (snippet));
  gtk_widget_add_css_class (box, "rp-entry-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "rp-result", g_object_ref (result), g_object_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rp_search_result_get_title (result),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, snippet_text,
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
clear_results (RpSearchPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  self->n_results = 0;
}

static void
clear_chips (RpSearchPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facets))) != NULL)
    gtk_flow_box_remove (self->facets, child);
  gtk_widget_set_size_request (GTK_WIDGET (self->facets), -1, -1);
}

/* The line above the results; any text there means the page is not the
 * empty state. */
static void
set_status (RpSearchPage *self,
            const char   *text)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->no_results), FALSE);
}

static void
show_count (RpSearchPage *self,
            guint         n_matches)
{
  g_autofree char *status = NULL;
  g_autofree char *escaped = NULL;

  if (n_matches > 0)
    {
      status = g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%u document found", "%u documents found", n_matches),
                                n_matches);
      set_status (self, status);
      return;
    }
  /* Nothing found: a status page says so (issue 16). */
  /* The description is markup: the resident's text is escaped. */
  escaped = g_markup_escape_text (self->text, -1);
  status = g_strdup_printf (_("No documents found for “%s”."), escaped);
  set_status (self, "");
  adw_status_page_set_description (self->no_results, status);
  gtk_widget_set_visible (GTK_WIDGET (self->no_results), TRUE);
}

/* A search that failed (not one that was cancelled) shows why. */
static void
show_failure (RpSearchPage *self,
              const GError *error)
{
  clear_results (self);
  clear_chips (self);
  if (rp_search_runner_is_unavailable (self->runner))
    {
      /* Said once per catalogue: every later search fails the same way. */
      if (!self->open_warned)
        g_warning ("Search is unavailable: %s", error->message);
      self->open_warned = TRUE;
      set_status (self, "");
    }
  else
    /* Invalid or over-long input: say so instead of showing nothing. */
    set_status (self, _("This text cannot be searched. Try fewer words."));
}

/* Both callbacks: a cancelled search belongs to a text the page has moved
 * on from, or to a page that is gone, which they must not touch. */
static void
on_counts (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RpSearchPage *self;
  g_autoptr(GError) error = NULL;
  guint n_matches = 0;
  g_autoptr(GListModel) facets = rp_search_runner_facets_finish (RP_SEARCH_RUNNER (source), result, &n_matches,
                                                                 &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = RP_SEARCH_PAGE (user_data);
  self->counting = FALSE;
  clear_chips (self);
  if (error != NULL)
    show_failure (self, error);
  else
    {
      if (n_matches > 0)
        {
          add_chips (self, facets, RP_SEARCH_FACET_CATEGORY);
          add_chips (self, facets, RP_SEARCH_FACET_YEAR);
        }
      show_count (self, n_matches);
    }
  g_signal_emit (self, signals[COUNTS_SHOWN], 0);
}

/* The search for the current text and filters, on the runner's worker. */
static RpSearchOptions
current_options (RpSearchPage *self)
{
  RpSearchOptions options = { .category = self->category, .year = self->year };

  return options;
}

static void
start_counting (RpSearchPage *self)
{
  RpSearchOptions options = current_options (self);

  rp_search_runner_facets_async (self->runner, self->text, &options, self->cancellable, on_counts, self);
}

static void
stop_waiting_for_paint (RpSearchPage *self)
{
  /* The clock is held, but a window that goes disposes of its surface's
   * clock, and with it every handler on it: disconnecting ours then warned
   * "has no handler with id" (ui-soak, a language reset replacing the
   * window while results waited for their frame). */
  if (self->paint_clock != NULL && self->after_paint_id != 0 &&
      g_signal_handler_is_connected (self->paint_clock, self->after_paint_id))
    g_signal_handler_disconnect (self->paint_clock, self->after_paint_id);
  self->after_paint_id = 0;
  g_clear_object (&self->paint_clock);
}

static void
on_results_painted (GdkFrameClock *clock,
                    RpSearchPage  *self)
{
  stop_waiting_for_paint (self);
  start_counting (self);
}

/* Counting starts once the results are on screen: on a two-core kiosk it
 * would otherwise take a core from drawing them. */
static void
count_after_paint (RpSearchPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      start_counting (self);
      return;
    }
  self->paint_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_results_painted), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
show_results (RpSearchPage *self,
              GListModel   *results,
              const GError *error)
{
  int chips_height;

  self->searching = FALSE;
  if (error != NULL)
    {
      self->counting = FALSE;
      show_failure (self, error);
      g_signal_emit (self, signals[RESULTS_SHOWN], 0);
      g_signal_emit (self, signals[COUNTS_SHOWN], 0);
      return;
    }

  clear_results (self);
  self->n_results = g_list_model_get_n_items (results);
  for (guint i = 0; i < self->n_results; i++)
    {
      g_autoptr(RpSearchResult) hit = g_list_model_get_item (results, i);
      gtk_list_box_append (self->results, make_row (hit));
    }

  /* The previous search's chips go; until this one's arrive, their room
   * stays, so that the results do not jump up and down as one types. */
  chips_height = gtk_widget_get_height (GTK_WIDGET (self->facets));
  clear_chips (self);
  if (self->n_results == 0)
    {
      self->counting = FALSE;
      show_count (self, 0);
      g_signal_emit (self, signals[RESULTS_SHOWN], 0);
      g_signal_emit (self, signals[COUNTS_SHOWN], 0);
      return;
    }
  gtk_widget_set_size_request (GTK_WIDGET (self->facets), -1, chips_height);
  /* Fewer results than asked for: every tier was searched to its end, so
   * they are all the matches and the count is known already. */
  if (self->n_results < RP_SEARCH_DEFAULT_LIMIT)
    show_count (self, self->n_results);
  else
    set_status (self, "");
  g_signal_emit (self, signals[RESULTS_SHOWN], 0);
  count_after_paint (self);
}

static void
on_results (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = rp_search_runner_run_finish (RP_SEARCH_RUNNER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_results (RP_SEARCH_PAGE (user_data), results, error);
}

/* Starts the search for the current text and filters. The results on
 * screen stay until the new ones replace them (no blank frame between
 * keystrokes); nothing an older search finds is put on screen after this. */
static void
refresh (RpSearchPage *self)
{
  RpSearchOptions options;

  stop_waiting_for_paint (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->runner == NULL || self->text == NULL || *self->text == '\0')
    {
      clear_results (self);
      clear_chips (self);
      set_status (self, "");
      self->searching = self->counting = FALSE;
      g_signal_emit (self, signals[RESULTS_SHOWN], 0);
      g_signal_emit (self, signals[COUNTS_SHOWN], 0);
      return;
    }
  self->searching = self->counting = TRUE;
  options = current_options (self);
  rp_search_runner_run_async (self->runner, self->text, &options, self->cancellable, on_results, self);
  /* Most searches take a few milliseconds: waited for here, their results
   * are shown before the frame that shows the keystroke is drawn, instead
   * of a frame later. A slow one is left to its worker (the wait is a
   * fraction of a frame). */
  rp_search_runner_wait (self->runner, RESULTS_WAIT_MS * G_TIME_SPAN_MILLISECOND);
}

static void
rp_search_page_dispose (GObject *object)
{
  RpSearchPage *self = RP_SEARCH_PAGE (object);

  /* A search still running finishes into nothing. */
  stop_waiting_for_paint (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->runner);
  rp_widget_remove_children (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_SEARCH_PAGE);

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

  /* The list shows the results of the current text and filters. */
  signals[RESULTS_SHOWN] = g_signal_new ("results-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 0);
  /* The count and the facet chips are those of the current text and filters. */
  signals[COUNTS_SHOWN] = g_signal_new ("counts-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                        NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpSearchPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RpSearchPage, no_results);
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
  g_return_if_fail (RP_IS_SEARCH_PAGE (self));
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));

  g_clear_object (&self->runner);
  self->runner = rp_search_runner_new (rp_catalogue_get_path (catalogue));
  self->open_warned = FALSE;
  refresh (self);
}

void
rp_search_page_prepare (RpSearchPage *self)
{
  g_return_if_fail (RP_IS_SEARCH_PAGE (self));

  if (self->runner != NULL)
    rp_search_runner_prepare (self->runner);
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

gboolean
rp_search_page_is_searching (RpSearchPage *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_PAGE (self), FALSE);
  return self->searching;
}

gboolean
rp_search_page_is_counting (RpSearchPage *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_PAGE (self), FALSE);
  return self->counting;
}
