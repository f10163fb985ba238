/* rp-usage-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-home-page.h"
#include "rp-usage-recorder.h"

struct _RpUsageRecorder
{
  GObject     parent_instance;
  RpUsage    *usage;          /* NULL: counting is off */
  gint64      visit_start;    /* monotonic µs; 0 outside a visit */
  char       *document;       /* the open document's key */
  GHashTable *pages;          /* distinct pages seen in it */
  guint       commit_delay;   /* ms the search text must stay unchanged */
  guint       settle_id;      /* the commit delay is running */
  GWeakRef    home;           /* the home page whose box was last edited */
};

enum
{
  PROP_0,
  PROP_COMMIT_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RpUsageRecorder, rp_usage_recorder, G_TYPE_OBJECT)

static void
rp_usage_recorder_finalize (GObject *object)
{
  RpUsageRecorder *self = RP_USAGE_RECORDER (object);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_weak_ref_clear (&self->home);
  g_clear_object (&self->usage);
  g_clear_pointer (&self->document, g_free);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  G_OBJECT_CLASS (rp_usage_recorder_parent_class)->finalize (object);
}

static void
rp_usage_recorder_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RpUsageRecorder *self = RP_USAGE_RECORDER (object);

  switch (prop_id)
    {
    case PROP_COMMIT_DELAY:
      g_value_set_uint (value, self->commit_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_usage_recorder_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RpUsageRecorder *self = RP_USAGE_RECORDER (object);

  switch (prop_id)
    {
    case PROP_COMMIT_DELAY:
      rp_usage_recorder_set_commit_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_usage_recorder_class_init (RpUsageRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_usage_recorder_finalize;
  object_class->get_property = rp_usage_recorder_get_property;
  object_class->set_property = rp_usage_recorder_set_property;

  /* How long, in ms, the search text must stay unchanged to count as a
   * search (DESIGN.md: "left unchanged for a few seconds"). */
  properties[PROP_COMMIT_DELAY] =
    g_param_spec_uint ("commit-delay", NULL, NULL, 1, G_MAXUINT, RP_USAGE_RECORDER_COMMIT_DELAY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_usage_recorder_init (RpUsageRecorder *self)
{
  self->pages = g_hash_table_new (NULL, NULL);
  self->commit_delay = RP_USAGE_RECORDER_COMMIT_DELAY;
  g_weak_ref_init (&self->home, NULL);
}

void
rp_usage_recorder_set_commit_delay (RpUsageRecorder *self,
                                    guint            msec)
{
  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  msec = MAX (1, msec);
  if (self->commit_delay == msec)
    return;
  self->commit_delay = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMIT_DELAY]);
}

guint
rp_usage_recorder_get_commit_delay (RpUsageRecorder *self)
{
  g_return_val_if_fail (RP_IS_USAGE_RECORDER (self), RP_USAGE_RECORDER_COMMIT_DELAY);
  return self->commit_delay;
}

RpUsageRecorder *
rp_usage_recorder_new (const char *data_dir,
                       guint       k)
{
  RpUsageRecorder *self = g_object_new (RP_TYPE_USAGE_RECORDER, NULL);
  g_autofree char *path = rp_data_dir_build_usage_path (data_dir);
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
  if (self->usage != NULL)
    rp_usage_begin_visit (self->usage);
  now = g_date_time_new_now_local ();
  hour = g_date_time_format (now, "%H");
  count_now (self, RP_USAGE_HOUR, hour);
}

/* Every counted event is part of a visit; a document starts its own count
 * of pages read. */
static void
begin_event (RpUsageRecorder *self,
             RpUsageKind      kind,
             const char      *subject)
{
  begin_visit (self);
  if (kind == RP_USAGE_DOCUMENT)
    {
      rp_usage_recorder_end_document (self);
      self->document = g_strdup (subject);
    }
}

void
rp_usage_recorder_count (RpUsageRecorder *self,
                         RpUsageKind      kind,
                         const char      *subject)
{
  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (subject == NULL)
    return;
  begin_event (self, kind, subject);
  count_now (self, kind, subject);
}

gboolean
rp_usage_recorder_is_settling (RpUsageRecorder *self)
{
  g_return_val_if_fail (RP_IS_USAGE_RECORDER (self), FALSE);
  return self->settle_id != 0;
}

/* The box's text now is its text when the delay started: settled. */
static void
settle_now (RpUsageRecorder *self)
{
  g_autoptr(RpHomePage) home = g_weak_ref_get (&self->home);
  g_autofree char *text = home != NULL ? rp_home_page_dup_search_query (home) : NULL;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (home != NULL && self->usage != NULL)
    rp_usage_search_settled (self->usage, text, rp_home_page_get_n_search_results (home));
}

void
rp_usage_recorder_settle (RpUsageRecorder *self)
{
  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (self->settle_id != 0)
    settle_now (self);
}

static gboolean
on_settled (gpointer user_data)
{
  RpUsageRecorder *self = user_data;

  self->settle_id = 0;
  settle_now (self);
  return G_SOURCE_REMOVE;
}

void
rp_usage_recorder_search_changed (RpUsageRecorder *self,
                                  RpHomePage      *home)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));
  g_return_if_fail (RP_IS_HOME_PAGE (home));

  /* What is searched: the box's text with the keyboard's composition. */
  text = rp_home_page_dup_search_query (home);
  g_weak_ref_set (&self->home, home);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (*text != '\0')
    begin_visit (self);
  if (self->usage != NULL && !rp_usage_search_edited (self->usage, text, &error))
    g_debug ("Search not counted: %s", error->message);
  if (*text != '\0')
    self->settle_id = g_timeout_add (self->commit_delay, on_settled, self);
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
  g_autoptr(GError) error = NULL;
  gint64 seconds;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  rp_usage_recorder_end_document (self);
  /* The idle wipe comes after a long quiet: the text in the box has been
   * left unchanged, even if the commit delay was cut short. */
  if (self->settle_id != 0)
    settle_now (self);
  if (self->usage != NULL && !rp_usage_end_visit (self->usage, &error))
    g_debug ("Search not counted: %s", error->message);
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

void
rp_usage_recorder_count_catalogue_id (RpUsageRecorder *self,
                                      RpUsageKind      kind,
                                      const char      *id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  if (id == NULL)
    return;
  begin_event (self, kind, id);
  if (self->usage != NULL && !rp_usage_count_catalogue_id (self->usage, kind, id, NULL, &error))
    g_debug ("Usage not counted: %s", error->message);
}

void
rp_usage_recorder_search_opened (RpUsageRecorder *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->usage != NULL && !rp_usage_search_opened (self->usage, &error))
    g_debug ("Search not counted: %s", error->message);
}

/* Called once the step was shown: @id is in the installed catalogue. */
void
rp_usage_recorder_count_opening (RpUsageRecorder *self,
                                 RpUsageKind      kind,
                                 const char      *id,
                                 guint            index)
{
  g_autofree char *subject = NULL;

  g_return_if_fail (RP_IS_USAGE_RECORDER (self));

  /* Something the search box showed was opened: the search, as typed so
   * far, is committed (the box is empty otherwise, and nothing counts). */
  if (kind != RP_USAGE_DOCUMENT_FAILED)
    rp_usage_recorder_search_opened (self);
  if (kind == RP_USAGE_DOCUMENT || kind == RP_USAGE_DOCUMENT_FAILED)
    subject = g_strdup_printf ("%s/%u", id, index);
  rp_usage_recorder_count_catalogue_id (self, kind, subject ? subject : id);
}
