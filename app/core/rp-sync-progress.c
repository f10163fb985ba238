/* rp-sync-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writers update a pending copy under a mutex and schedule at most one idle
 * callback at a time; that callback publishes the pending copy and emits
 * notify on the owner's context. Many byte updates thus cost one
 * notification per main-loop iteration, not one per read.
 */
#include "config.h"

#include "rp-sync-progress.h"

typedef struct
{
  RpSyncPhase phase;
  guint64     bytes_done;
  guint64     bytes_total;
  guint       objects_done;
  guint       objects_total;
  guint       entries_done;
  guint       entries_total;
} Values;

struct _RpSyncProgress
{
  GObject       parent_instance;
  GMainContext *context;
  GMutex        mutex;
  Values        pending;    /* under mutex */
  gboolean      scheduled;  /* under mutex */
  Values        shown;      /* owner's context only */
};

enum
{
  PROP_0,
  PROP_PHASE,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_OBJECTS_DONE,
  PROP_OBJECTS_TOTAL,
  PROP_ENTRIES_DONE,
  PROP_ENTRIES_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RpSyncProgress, rp_sync_progress, G_TYPE_OBJECT)

GType
rp_sync_phase_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { RP_SYNC_PHASE_IDLE, "RP_SYNC_PHASE_IDLE", "idle" },
    { RP_SYNC_PHASE_CHECKING, "RP_SYNC_PHASE_CHECKING", "checking" },
    { RP_SYNC_PHASE_DOWNLOADING, "RP_SYNC_PHASE_DOWNLOADING", "downloading" },
    { RP_SYNC_PHASE_BUILDING, "RP_SYNC_PHASE_BUILDING", "building" },
    { RP_SYNC_PHASE_APPLYING, "RP_SYNC_PHASE_APPLYING", "applying" },
    { RP_SYNC_PHASE_DONE, "RP_SYNC_PHASE_DONE", "done" },
    { RP_SYNC_PHASE_FAILED, "RP_SYNC_PHASE_FAILED", "failed" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("RpSyncPhase", values));
  return type;
}

static void
rp_sync_progress_finalize (GObject *object)
{
  RpSyncProgress *self = RP_SYNC_PROGRESS (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (rp_sync_progress_parent_class)->finalize (object);
}

static void
rp_sync_progress_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RpSyncProgress *self = RP_SYNC_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_enum (value, self->shown.phase);
      break;
    case PROP_BYTES_DONE:
      g_value_set_uint64 (value, self->shown.bytes_done);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->shown.bytes_total);
      break;
    case PROP_OBJECTS_DONE:
      g_value_set_uint (value, self->shown.objects_done);
      break;
    case PROP_OBJECTS_TOTAL:
      g_value_set_uint (value, self->shown.objects_total);
      break;
    case PROP_ENTRIES_DONE:
      g_value_set_uint (value, self->shown.entries_done);
      break;
    case PROP_ENTRIES_TOTAL:
      g_value_set_uint (value, self->shown.entries_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_sync_progress_class_init (RpSyncProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rp_sync_progress_finalize;
  object_class->get_property = rp_sync_progress_get_property;

  properties[PROP_PHASE] = g_param_spec_enum ("phase", NULL, NULL, RP_TYPE_SYNC_PHASE,
                                              RP_SYNC_PHASE_IDLE, flags);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_OBJECTS_DONE] = g_param_spec_uint ("objects-done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_OBJECTS_TOTAL] = g_param_spec_uint ("objects-total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ENTRIES_DONE] = g_param_spec_uint ("entries-done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ENTRIES_TOTAL] = g_param_spec_uint ("entries-total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_sync_progress_init (RpSyncProgress *self)
{
  g_mutex_init (&self->mutex);
  self->context = g_main_context_ref_thread_default ();
}

RpSyncProgress *
rp_sync_progress_new (void)
{
  return g_object_new (RP_TYPE_SYNC_PROGRESS, NULL);
}

static gboolean
publish (gpointer user_data)
{
  RpSyncProgress *self = user_data;
  Values old = self->shown;

  g_mutex_lock (&self->mutex);
  self->shown = self->pending;
  self->scheduled = FALSE;
  g_mutex_unlock (&self->mutex);

  g_object_freeze_notify (G_OBJECT (self));
  if (old.phase != self->shown.phase)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
  if (old.bytes_done != self->shown.bytes_done)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
  if (old.bytes_total != self->shown.bytes_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
  if (old.objects_done != self->shown.objects_done)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECTS_DONE]);
  if (old.objects_total != self->shown.objects_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECTS_TOTAL]);
  if (old.entries_done != self->shown.entries_done)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRIES_DONE]);
  if (old.entries_total != self->shown.entries_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRIES_TOTAL]);
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* Called with the mutex held; returns whether the caller must invoke
 * publish() after unlocking (invoke may run it at once on this thread). */
static gboolean
needs_schedule (RpSyncProgress *self)
{
  if (self->scheduled)
    return FALSE;
  self->scheduled = TRUE;
  return TRUE;
}

static void
schedule (RpSyncProgress *self)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT_IDLE, publish, g_object_ref (self),
                              g_object_unref);
}

#define UPDATE(self, statement)                 \
  G_STMT_START                                  \
  {                                             \
    gboolean _schedule;                         \
    g_mutex_lock (&(self)->mutex);              \
    statement;                                  \
    _schedule = needs_schedule (self);          \
    g_mutex_unlock (&(self)->mutex);            \
    if (_schedule)                              \
      schedule (self);                          \
  }                                             \
  G_STMT_END

void
rp_sync_progress_set_phase (RpSyncProgress *self,
                            RpSyncPhase     phase)
{
  g_return_if_fail (RP_IS_SYNC_PROGRESS (self));
  UPDATE (self, self->pending.phase = phase);
}

void
rp_sync_progress_set_totals (RpSyncProgress *self,
                             guint64         bytes_total,
                             guint           objects_total)
{
  g_return_if_fail (RP_IS_SYNC_PROGRESS (self));
  UPDATE (self, self->pending.bytes_total = bytes_total; self->pending.objects_total = objects_total;
          self->pending.bytes_done = 0; self->pending.objects_done = 0);
}

void
rp_sync_progress_set_entries_total (RpSyncProgress *self,
                                    guint           entries_total)
{
  g_return_if_fail (RP_IS_SYNC_PROGRESS (self));
  UPDATE (self, self->pending.entries_total = entries_total; self->pending.entries_done = 0);
}

void
rp_sync_progress_add_entries (RpSyncProgress *self,
                              guint           entries)
{
  g_return_if_fail (RP_IS_SYNC_PROGRESS (self));
  UPDATE (self, self->pending.entries_done += entries);
}

void
rp_sync_progress_add_bytes (RpSyncProgress *self,
                            guint64         bytes)
{
  g_return_if_fail (RP_IS_SYNC_PROGRESS (self));
  UPDATE (self, self->pending.bytes_done += bytes);
}

void
rp_sync_progress_add_object (RpSyncProgress *self)
{
  g_return_if_fail (RP_IS_SYNC_PROGRESS (self));
  UPDATE (self, self->pending.objects_done++);
}

RpSyncPhase
rp_sync_progress_get_phase (RpSyncProgress *self)
{
  g_return_val_if_fail (RP_IS_SYNC_PROGRESS (self), RP_SYNC_PHASE_IDLE);
  return self->shown.phase;
}

guint64
rp_sync_progress_get_bytes_done (RpSyncProgress *self)
{
  g_return_val_if_fail (RP_IS_SYNC_PROGRESS (self), 0);
  return self->shown.bytes_done;
}

guint64
rp_sync_progress_get_bytes_total (RpSyncProgress *self)
{
  g_return_val_if_fail (RP_IS_SYNC_PROGRESS (self), 0);
  return self->shown.bytes_total;
}

guint
rp_sync_progress_get_objects_done (RpSyncProgress *self)
{
  g_return_val_if_fail (RP_IS_SYNC_PROGRESS (self), 0);
  return self->shown.objects_done;
}

guint
rp_sync_progress_get_objects_total (RpSyncProgress *self)
{
  g_return_val_if_fail (RP_IS_SYNC_PROGRESS (self), 0);
  return self->shown.objects_total;
}

guint
rp_sync_progress_get_entries_done (RpSyncProgress *self)
{
  g_return_val_if_fail (RP_IS_SYNC_PROGRESS (self), 0);
  return self->shown.entries_done;
}

guint
rp_sync_progress_get_entries_total (RpSyncProgress *self)
{
  g_return_val_if_fail (RP_IS_SYNC_PROGRESS (self), 0);
  return self->shown.entries_total;
}
