/* rp-usage-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-document-page.h"
#include "rp-home-page.h"
#include "rp-pdf-view.h"
#include "rp-usage-recorder.h"

#define RECORDER_KEY "rp-usage-recorder"

struct _RpUsageRecorder
{
  GObject     parent_instance;
  RpUsage    *usage;          /* NULL: counting is off */
  gint64      visit_start;    /* monotonic µs; 0 outside a visit */
  char       *document;       /* the open document's key */
  GHashTable *pages;          /* distinct pages seen in it */
};

G_DEFINE_FINAL_TYPE (RpUsageRecorder, rp_usage_recorder, G_TYPE_OBJECT)

static void
rp_usage_recorder_finalize (GObject *object)
{
  RpUsageRecorder *self = RP_USAGE_RECORDER (object);

  g_clear_object (&self->usage);
  g_clear_pointer (&self->document, g_free);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  G_OBJECT_CLASS (rp_usage_recorder_parent_class)->finalize (object);
}

static void
rp_usage_recorder_class_init (RpUsageRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_usage_recorder_finalize;
}

static void
rp_usage_recorder_init (RpUsageRecorder *self)
{
  self->pages = g_hash_table_new (NULL, NULL);
}

RpUsageRecorder *
rp_usage_recorder_new (const char *data_dir,
                       guint       k)
{
  RpUsageRecorder *self = g_object_new (RP_TYPE_USAGE_RECORDER, NULL);
  g_autofree char *path = g_build_filename (data_dir, "usage.db", NULL);
  g_autoptr(GError) error = NULL;

  self->usage = rp_usage_open (path, &error);
  if (self->usage == NULL)
    g_debug ("Usage is not counted: %s", error->message);
  else
    rp_usage_set_k (self->usage, k);
  return self;
}

static void
count_now (RpUsageRecorder *self,
           RpUsageKind      kind,
           const char      *subject)
{
  g_autoptr(GError) error = NULL;

  if (self->usage != NULL && !rp_usage_count (self->usage, kind, subject, NULL, &error))
    g_debug ("Usage not counted: %s", error->message);
}

static void
begin_visit (RpUsageRecorder *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *hour = NULL;

  if (self->visit_start != 0)
    return;
  self->visit_start = g_get_monotonic_time ();
  now = g_date_time_new_now_local ();
  hour = g_date_time_format (now, "%H");
  count_now (self, RP_USAGE_HOUR, hour);
}

void
rp_usage_recorder_count (RpUsageRecorder *self,
                         RpUsageKind      kind,
                         const char      *subject)
{
  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (subject == NULL)
    return;
  begin_visit (self);
  if (kind == RP_USAGE_DOCUMENT)
    {
      /* Pages are counted per opened document. */
      rp_usage_recorder_end_document (self);
      self->document = g_strdup (subject);
    }
  count_now (self, kind, subject);
}

void
rp_usage_recorder_count_search (RpUsageRecorder *self,
                                const char      *text,
                                guint            n_results)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (text == NULL || *text == '\0')
    return;
  begin_visit (self);
  if (self->usage != NULL && !rp_usage_count_search (self->usage, text, n_results, NULL, &error))
    g_debug ("Search not counted: %s", error->message);
}

void
rp_usage_recorder_end_document (RpUsageRecorder *self)
{
  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (self->document != NULL && g_hash_table_size (self->pages) > 0)
    count_now (self, RP_USAGE_PAGES_READ, rp_usage_pages_bucket (g_hash_table_size (self->pages)));
  g_clear_pointer (&self->document, g_free);
  g_hash_table_remove_all (self->pages);
}

void
rp_usage_recorder_note_page (RpUsageRecorder *self,
                             guint            page)
{
  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (self->document != NULL)
    g_hash_table_add (self->pages, GUINT_TO_POINTER (page + 1));
}

void
rp_usage_recorder_end_visit (RpUsageRecorder *self)
{
  gint64 seconds;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  rp_usage_recorder_end_document (self);
  if (self->visit_start == 0)
    return;
  seconds = (g_get_monotonic_time () - self->visit_start) / G_USEC_PER_SEC;
  self->visit_start = 0;
  count_now (self, RP_USAGE_VISIT, rp_usage_duration_bucket ((guint) CLAMP (seconds, 0, G_MAXUINT)));
}

gboolean
rp_usage_recorder_in_visit (RpUsageRecorder *self)
{
  g_return_val_if_fail (RP_IS_USAGE_RECORDER (self), FALSE);
  return self->visit_start != 0;
}

/* Window glue */

RpUsageRecorder *
rp_window_get_usage_recorder (RpWindow *window)
{
  g_return_val_if_fail (RP_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), RECORDER_KEY);
}

void
rp_window_record_usage (RpWindow    *window,
                        RpUsageKind  kind,
                        const char  *subject)
{
  RpUsageRecorder *recorder = rp_window_get_usage_recorder (window);

  if (recorder != NULL)
    rp_usage_recorder_count (recorder, kind, subject);
}

void
rp_usage_recorder_count_catalogue_id (RpUsageRecorder *self,
                                      RpUsageKind      kind,
                                      const char      *id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (id == NULL)
    return;
  begin_visit (self);
  if (kind == RP_USAGE_DOCUMENT)
    {
      rp_usage_recorder_end_document (self);
      self->document = g_strdup (id);
    }
  if (self->usage != NULL && !rp_usage_count_catalogue_id (self->usage, kind, id, NULL, &error))
    g_debug ("Usage not counted: %s", error->message);
}

void
rp_window_record_navigation (RpWindow    *window,
                             RpUsageKind  kind,
                             const char  *id,
                             guint        index)
{
  RpUsageRecorder *recorder = rp_window_get_usage_recorder (window);
  g_autofree char *subject = NULL;

  /* Called once the step was shown: @id is in the installed catalogue. */
  if (recorder == NULL)
    return;
  if (kind == RP_USAGE_DOCUMENT)
    subject = g_strdup_printf ("%s/%u", id, index);
  rp_usage_recorder_count_catalogue_id (recorder, kind, subject ? subject : id);
}

void
rp_window_record_visit_end (RpWindow *window)
{
  RpUsageRecorder *recorder = rp_window_get_usage_recorder (window);

  if (recorder != NULL)
    rp_usage_recorder_end_visit (recorder);
}

/* GtkSearchEntry emits search-changed after its own debounce; the home
 * page's handler has run the search by the time this one runs. */
static void
on_search_changed (GtkSearchEntry *entry,
                   RpWindow       *window)
{
  RpUsageRecorder *recorder = rp_window_get_usage_recorder (window);
  RpHomePage *home = RP_HOME_PAGE (rp_window_get_page (window, "home"));

  if (recorder != NULL && home != NULL)
    rp_usage_recorder_count_search (recorder, gtk_editable_get_text (GTK_EDITABLE (entry)),
                                    rp_home_page_get_n_search_results (home));
}

static void
on_page_changed (RpPdfView *view,
                 GParamSpec *pspec,
                 RpWindow   *window)
{
  RpUsageRecorder *recorder = rp_window_get_usage_recorder (window);
  guint page = 0;

  g_object_get (view, "page", &page, NULL);
  if (recorder != NULL)
    rp_usage_recorder_note_page (recorder, page);
}

void
rp_window_attach_usage (RpWindow  *window,
                        RpDataDir *data_dir)
{
  g_autoptr(GSettings) settings = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, RP_APP_ID, TRUE) : NULL;
  GtkWidget *home, *document;
  guint k = RP_USAGE_DEFAULT_K;
  gboolean first = rp_window_get_usage_recorder (window) == NULL;

  g_return_if_fail (RP_IS_WINDOW (window));

  if (schema != NULL)
    {
      settings = g_settings_new (RP_APP_ID);
      k = g_settings_get_uint (settings, "usage-k");
    }
  g_object_set_data_full (G_OBJECT (window), RECORDER_KEY, rp_usage_recorder_new (rp_data_dir_get_path (data_dir), k),
                          g_object_unref);
  if (!first)
    return;
  home = rp_window_get_page (window, "home");
  document = rp_window_get_page (window, "document");
  if (home != NULL)
    g_signal_connect_object (rp_home_page_get_search_entry (RP_HOME_PAGE (home)), "search-changed",
                             G_CALLBACK (on_search_changed), window, G_CONNECT_AFTER);
  if (document != NULL)
    g_signal_connect_object (rp_document_page_get_view (RP_DOCUMENT_PAGE (document)), "notify::page",
                             G_CALLBACK (on_page_changed), window, 0);
}
