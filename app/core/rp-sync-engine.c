/* rp-sync-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Crash safety rests on three facts: objects enter the store only under
 * their verified hash (rename after fsync); a bundle directory enters
 * bundles/ only complete (rename of a flushed staging directory); and
 * `current` changes only by rename. A SIGKILL or power cut at any instant
 * therefore leaves `current` on the old or the new complete bundle, and the
 * next run finishes or redoes the rest.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rp-bundle-build.h"
#include "rp-bundle.h"
#include "rp-data-dir.h"
#include "rp-demo.h"
#include "rp-error.h"
#include "rp-manifest.h"
#include "rp-minisign.h"
#include "rp-object-store.h"
#include "rp-state-db.h"
#include "rp-sync-engine.h"

struct _RpSyncEngine
{
  GObject         parent_instance;
  RpDataDir      *data_dir;
  RpKeyring      *keyring;
  char           *channel;
  RpSyncProgress *progress;
  gint64          offered_version;
  gint64          previous_version;
  char           *key_id;
  char           *warning;
  char           *build_how;
  gboolean        allow_channel_switch;
};

G_DEFINE_FINAL_TYPE (RpSyncEngine, rp_sync_engine, G_TYPE_OBJECT)

static void
rp_sync_engine_finalize (GObject *object)
{
  RpSyncEngine *self = RP_SYNC_ENGINE (object);

  g_clear_object (&self->data_dir);
  g_clear_object (&self->keyring);
  g_clear_object (&self->progress);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->key_id, g_free);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->build_how, g_free);

  G_OBJECT_CLASS (rp_sync_engine_parent_class)->finalize (object);
}

static void
rp_sync_engine_class_init (RpSyncEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_sync_engine_finalize;
}

static void
rp_sync_engine_init (RpSyncEngine *self)
{
}

RpSyncEngine *
rp_sync_engine_new (RpDataDir  *data_dir,
                    RpKeyring  *keyring,
                    const char *channel)
{
  RpSyncEngine *self;

  g_return_val_if_fail (RP_IS_DATA_DIR (data_dir), NULL);
  g_return_val_if_fail (RP_IS_KEYRING (keyring), NULL);
  g_return_val_if_fail (channel != NULL, NULL);

  self = g_object_new (RP_TYPE_SYNC_ENGINE, NULL);
  self->data_dir = g_object_ref (data_dir);
  self->keyring = g_object_ref (keyring);
  self->channel = g_strdup (channel);
  self->progress = rp_sync_progress_new ();
  return self;
}

RpSyncProgress *
rp_sync_engine_get_progress (RpSyncEngine *self)
{
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), NULL);
  return self->progress;
}

gint64
rp_sync_engine_get_offered_version (RpSyncEngine *self)
{
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), 0);
  return self->offered_version;
}

const char *
rp_sync_engine_get_key_id (RpSyncEngine *self)
{
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), NULL);
  return self->key_id;
}

const char *
rp_sync_engine_get_warning (RpSyncEngine *self)
{
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), NULL);
  return self->warning;
}

void
rp_sync_engine_set_allow_channel_switch (RpSyncEngine *self,
                                         gboolean      allow)
{
  g_return_if_fail (RP_IS_SYNC_ENGINE (self));
  self->allow_channel_switch = allow;
}

/* --- checking ------------------------------------------------------------ */

static gboolean
looks_like_json_object (GBytes *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return data[i] == '{';
  return FALSE;
}

/* The trusted comment is covered by the global signature: when it names a
 * channel or version, it must name the manifest's. */
static gboolean
check_trusted_comment (RpMinisignSignature *signature,
                       RpManifest          *manifest,
                       GError             **error)
{
  g_autofree char *channel = rp_minisign_signature_get_field (signature, "channel");
  g_autofree char *version = rp_minisign_signature_get_field (signature, "version");
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, rp_manifest_get_version (manifest));

  if ((channel != NULL && !g_str_equal (channel, rp_manifest_get_channel (manifest))) ||
      (version != NULL && !g_str_equal (version, expected)))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE,
                   "The signature's trusted comment (“%s”) names another channel or version than the manifest",
                   rp_minisign_signature_get_trusted_comment (signature));
      return FALSE;
    }
  return TRUE;
}

static gint64
installed_version (RpSyncEngine *self,
                   RpStateDb    *state)
{
  g_autoptr(RpBundle) current = rp_data_dir_open_current (self->data_dir, NULL);
  gint64 version = rp_state_db_get_max_version (state, self->channel);

  /* state.db may lag the swap by one crash; the bundle on disk may not. */
  if (current != NULL && g_str_equal (rp_manifest_get_channel (rp_bundle_get_manifest (current)), self->channel))
    version = MAX (version, rp_manifest_get_version (rp_bundle_get_manifest (current)));
  return version;
}

static RpManifest *
verify_manifest (RpSyncEngine        *self,
                 GBytes              *manifest_bytes,
                 GBytes              *signature_bytes,
                 gboolean             demo_allowed,
                 RpMinisignSignature **out_signature,
                 const RpMinisignKey **out_key,
                 GError             **error)
{
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_autoptr(RpManifest) manifest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const RpMinisignKey *key;
  gsize length = 0;
  const char *data;

  if (!looks_like_json_object (manifest_bytes))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NOT_A_MANIFEST,
                   "The origin sent something that is not a manifest (a captive portal or proxy page?)");
      return NULL;
    }
  data = g_bytes_get_data (signature_bytes, &length);
  signature = rp_minisign_signature_parse (data, length, error);
  if (signature == NULL)
    return NULL;
  key = rp_keyring_lookup (self->keyring, signature, self->channel, demo_allowed, error);
  if (key == NULL)
    return NULL;
  data = g_bytes_get_data (manifest_bytes, &length);
  if (!rp_minisign_verify (key, signature, (const guint8 *) data, length, error))
    return NULL;

  /* Only now are the bytes trusted enough to be parsed. */
  manifest = rp_manifest_parse (manifest_bytes, error);
  if (manifest == NULL || !check_trusted_comment (signature, manifest, error))
    return NULL;
  if (!g_str_equal (rp_manifest_get_channel (manifest), self->channel))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_WRONG_CHANNEL,
                   "The manifest is for channel “%s”, but this terminal follows “%s”",
                   rp_manifest_get_channel (manifest), self->channel);
      return NULL;
    }
  if (rp_manifest_is_expired (manifest, now))
    {
      g_autofree char *expires = g_date_time_format_iso8601 (rp_manifest_get_expires (manifest));
      g_set_error (error, RP_ERROR, RP_ERROR_EXPIRED,
                   "Version %" G_GINT64_FORMAT " of “%s” expired on %s; the publisher must publish a fresh one",
                   rp_manifest_get_version (manifest), self->channel, expires);
      return NULL;
    }
  *out_key = key;
  *out_signature = g_steal_pointer (&signature);
  return g_steal_pointer (&manifest);
}

/* --- downloading --------------------------------------------------------- */

#define ADOPT_BATCH_BYTES   (G_GUINT64_CONSTANT (256) * 1024 * 1024)
#define ADOPT_BATCH_OBJECTS 1024

static gboolean
fetch_objects (RpSyncEngine  *self,
               RpSyncSource  *source,
               RpManifest    *manifest,
               GCancellable  *cancellable,
               GError       **error)
{
  RpObjectStore *store = rp_data_dir_get_object_store (self->data_dir);
  g_autofree char *partial_dir = g_build_filename (rp_object_store_get_directory (store), ".partial", NULL);
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GPtrArray) batch_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) batch_shas = g_ptr_array_new ();
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (guint)); /* per object of @order */
  guint64 batch_bytes = 0;
  guint64 bytes = 0;
  guint n_entries = 0;
  gboolean ok = TRUE;

  /* The catalogue's parts first (the header, then the chunks: a version
   * that changed few entries fetches few chunks), then the files. */
  for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
    {
      const RpManifestChunk *c = rp_manifest_get_catalogue_part (manifest, i);

      if (!g_hash_table_add (wanted, c->sha256) || rp_object_store_contains (store, c->sha256))
        continue;
      g_ptr_array_add (order, c->sha256);
      g_ptr_array_add (order, (gpointer) &c->size);
      g_array_append_val (entries, c->n_entries);
      bytes += c->size;
      n_entries += c->n_entries;
    }
  for (guint i = 0; i < rp_manifest_get_n_objects (manifest); i++)
    {
      const RpManifestObject *o = rp_manifest_get_object (manifest, i);

      if (!g_hash_table_add (wanted, o->sha256) || rp_object_store_contains (store, o->sha256))
        continue;
      g_ptr_array_add (order, o->sha256);
      g_ptr_array_add (order, (gpointer) &o->size);
      g_array_set_size (entries, entries->len + 1);
      bytes += o->size;
    }

  rp_sync_progress_set_totals (self->progress, bytes, order->len / 2);
  rp_sync_progress_set_entries_total (self->progress, n_entries);
  rp_sync_progress_set_phase (self->progress, RP_SYNC_PHASE_DOWNLOADING);

  for (guint i = 0; ok && i < order->len; i += 2)
    {
      const char *sha256 = g_ptr_array_index (order, i);
      guint64 size = *(const guint64 *) g_ptr_array_index (order, i + 1);
      g_autofree char *partial = g_build_filename (partial_dir, sha256, NULL);
      g_autoptr(RpObjectSink) sink = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      sink = rp_object_sink_open (partial, sha256, size, self->progress, error);
      ok = sink != NULL &&
           (rp_object_sink_get_offset (sink) == size || rp_sync_source_fetch_object (source, sink, cancellable, error)) &&
           rp_object_sink_finish (sink, error);
      if (!ok)
        break;
      if (g_array_index (entries, guint, i / 2) > 0)
        rp_sync_progress_add_entries (self->progress, g_array_index (entries, guint, i / 2));
      g_ptr_array_add (batch_paths, g_steal_pointer (&partial));
      g_ptr_array_add (batch_shas, (gpointer) sha256);
      batch_bytes += size;
      /* Complete objects wait in .partial (where a killed run finds them
       * again) and enter the store in batches: one flush per batch instead
       * of two per object. */
      if (batch_bytes >= ADOPT_BATCH_BYTES || batch_paths->len >= ADOPT_BATCH_OBJECTS)
        {
          ok = rp_object_store_adopt (store, (const char *const *) batch_paths->pdata,
                                      (const char *const *) batch_shas->pdata, batch_paths->len, error);
          g_ptr_array_set_size (batch_paths, 0);
          g_ptr_array_set_size (batch_shas, 0);
          batch_bytes = 0;
        }
    }
  /* After an error too: what is complete is kept for the next run. */
  if (!rp_object_store_adopt (store, (const char *const *) batch_paths->pdata,
                              (const char *const *) batch_shas->pdata, batch_paths->len, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

/* --- building and applying ------------------------------------------------ */

static gboolean
build_bundle (RpSyncEngine        *self,
              RpManifest          *manifest,
              GBytes              *manifest_bytes,
              GBytes              *signature_bytes,
              const RpMinisignKey *key,
              const char          *staging,
              GError             **error)
{
  g_autofree char *key_text = rp_minisign_key_to_text (key);

  g_autofree char *current = rp_data_dir_get_current_bundle (self->data_dir);
  g_autofree char *previous_dir = current ? rp_data_dir_build_bundle_path (self->data_dir, current) : NULL;

  rp_sync_progress_set_phase (self->progress, RP_SYNC_PHASE_BUILDING);
  g_clear_pointer (&self->build_how, g_free);
  return rp_bundle_build (rp_data_dir_get_object_store (self->data_dir), manifest, manifest_bytes,
                          signature_bytes, key_text, staging, previous_dir, &self->build_how, error);
}

static gboolean
apply_bundle (RpSyncEngine *self,
              const char   *staging,
              const char   *name,
              char        **out_previous,
              GError      **error)
{
  g_autofree char *bundles = rp_data_dir_build_bundle_path (self->data_dir, NULL);
  g_autofree char *target = rp_data_dir_build_bundle_path (self->data_dir, name);
  g_autofree char *previous = rp_data_dir_get_current_bundle (self->data_dir);
  const char *keep[3] = { name, previous, NULL };

  rp_sync_progress_set_phase (self->progress, RP_SYNC_PHASE_APPLYING);
  if (g_strcmp0 (previous, name) == 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_STALE_VERSION, "Bundle “%s” is already current", name);
      return FALSE;
    }
  /* Left over by a run killed between this rename and the swap. */
  if (!rp_remove_tree (target, error))
    return FALSE;
  if (g_rename (staging, target) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot move the new bundle into place: %s", g_strerror (errno));
      return FALSE;
    }
  if (!rp_fsync_directory (bundles, error) || !rp_data_dir_set_current (self->data_dir, name, error))
    return FALSE;
  *out_previous = g_steal_pointer (&previous);
  /* The new bundle is visible: a failure to collect garbage is not a
   * failure to install, it only costs disk space until the next run. */
  {
    g_autoptr(GError) gc_error = NULL;
    if (!rp_data_dir_collect_garbage (self->data_dir, keep, &gc_error))
      {
        g_message ("%s", gc_error->message);
        self->warning = g_strdup (gc_error->message);
      }
  }
  return TRUE;
}

/* --- the run ------------------------------------------------------------- */

/* The channel of the current bundle, from its name "<channel>-<version>"
 * (signed or built from a source folder); NULL when nothing is installed. */
static char *
current_channel (RpSyncEngine *self)
{
  g_autofree char *current = rp_data_dir_get_current_bundle (self->data_dir);
  const char *dash = current ? strrchr (current, '-') : NULL;

  return dash ? g_strndup (current, dash - current) : NULL;
}

/* The root of finding "with defaults it swapped test-1 for demo-1": a run
 * with another configuration (another user's settings, a typo) must not
 * replace what the terminal follows. Leaving the built-in demo is the
 * normal first sync of a new terminal and needs no permission. */
static gboolean
check_channel_switch (RpSyncEngine *self,
                      const char   *installed_channel,
                      GError      **error)
{
  g_autofree char *bundle = NULL;

  if (installed_channel == NULL || g_str_equal (installed_channel, self->channel) ||
      g_str_equal (installed_channel, RP_DEMO_CHANNEL) || self->allow_channel_switch)
    return TRUE;
  bundle = rp_data_dir_get_current_bundle (self->data_dir);
  g_set_error (error, RP_ERROR, RP_ERROR_WRONG_CHANNEL,
               "This terminal has “%s” of channel “%s” installed and was asked to sync channel “%s”; a sync never "
               "switches channel on its own: check the configured channel (and which user's settings the sync "
               "reads), or switch on purpose with readingpoint-admin sync --switch-channel",
               bundle, installed_channel, self->channel);
  return FALSE;
}

/* Not modified or up to date is not "fine" when what is installed has
 * expired: an origin (or anyone in between) answering 304 for ever would
 * otherwise freeze the terminal on withdrawn documents without a word. */
static gboolean
check_installed_fresh (RpSyncEngine *self,
                       GError      **error)
{
  g_autoptr(RpBundle) current = rp_data_dir_open_current (self->data_dir, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  RpManifest *manifest;
  g_autofree char *expires = NULL;

  if (current == NULL)
    return TRUE;
  manifest = rp_bundle_get_manifest (current);
  if (!g_str_equal (rp_manifest_get_channel (manifest), self->channel) || !rp_manifest_is_expired (manifest, now))
    return TRUE;
  expires = g_date_time_format_iso8601 (rp_manifest_get_expires (manifest));
  g_set_error (error, RP_ERROR, RP_ERROR_EXPIRED,
               "The installed version %" G_GINT64_FORMAT " of “%s” expired on %s and the origin offers nothing "
               "newer; the publisher must publish a fresh one (the expired bundle stays visible until then)",
               rp_manifest_get_version (manifest), self->channel, expires);
  return FALSE;
}

/* "channels/<channel>/<V>.json" for the version a signature's trusted
 * comment names, or NULL. The name is not trusted: it only says which
 * immutable copy to fetch, and that copy is verified in full. */
static char *
signed_version_path (RpSyncEngine *self,
                     GBytes       *signature_bytes)
{
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *version = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (signature_bytes, &length);

  signature = rp_minisign_signature_parse (data, length, NULL);
  if (signature == NULL)
    return NULL;
  channel = rp_minisign_signature_get_field (signature, "channel");
  version = rp_minisign_signature_get_field (signature, "version");
  if (version == NULL || *version == '\0' || strlen (version) > 18 || strspn (version, "0123456789") != strlen (version) ||
      (channel != NULL && !g_str_equal (channel, self->channel)))
    return NULL;
  return g_strdup_printf ("channels/%s/%s.json", self->channel, version);
}

static gboolean
run_locked (RpSyncEngine  *self,
            RpSyncSource  *source,
            RpStateDb     *state,
            const char    *origin,
            RpSyncOutcome *out_outcome,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *latest = g_strdup_printf ("channels/%s/latest.json", self->channel);
  g_autofree char *latest_sig = g_strconcat (latest, ".minisig", NULL);
  g_autofree char *etag = NULL;
  g_autofree char *new_etag = NULL;
  g_autofree char *has_current = rp_data_dir_get_current_bundle (self->data_dir);
  g_autofree char *installed_channel = current_channel (self);
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(GBytes) signature_bytes = NULL;
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_autoptr(RpManifest) manifest = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *versioned = NULL;
  g_autofree char *name = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *detail = NULL;
  const RpMinisignKey *key = NULL;
  gboolean not_modified = FALSE;
  gboolean demo_allowed;
  gint64 installed;

  rp_sync_progress_set_phase (self->progress, RP_SYNC_PHASE_CHECKING);
  if (!check_channel_switch (self, installed_channel, error))
    return FALSE;
  /* An upgraded program reads another catalogue schema: the installed
   * bundle is rebuilt from its own signed manifest first, whatever the
   * origin answers (often "not modified" for weeks). */
  {
    gboolean rebuilt = FALSE;

    if (!rp_bundle_rebuild_stale_catalogue (self->data_dir, &rebuilt, error))
      return FALSE;
    if (rebuilt)
      rp_state_db_audit (state, "sync", "catalogue-rebuilt", has_current, NULL);
  }
  /* Decided under the lock: no install can slip in between. */
  demo_allowed = rp_demo_only_installed (self->data_dir) && rp_demo_is_origin (origin);
  if (has_current != NULL)
    etag = rp_state_db_get_etag (state, origin, latest);
  manifest_bytes = rp_sync_source_fetch_file (source, latest, RP_MANIFEST_MAX_SIZE, etag, &new_etag,
                                              &not_modified, cancellable, error);
  if (not_modified)
    {
      if (!check_installed_fresh (self, error))
        return FALSE;
      *out_outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;
      return TRUE;
    }
  if (manifest_bytes == NULL)
    return FALSE;
  signature_bytes = rp_sync_source_fetch_file (source, latest_sig, RP_MINISIGN_MAX_SIGNATURE_SIZE, NULL, NULL,
                                               NULL, cancellable, error);
  if (signature_bytes == NULL)
    return FALSE;
  manifest = verify_manifest (self, manifest_bytes, signature_bytes, demo_allowed, &signature, &key, &local_error);
  /* latest.json and its signature are two files that a publisher replaces
   * one after the other, so a poll between the two reads gets one of each.
   * The version the signature names has an immutable pair beside them,
   * written before either: that pair is fetched and verified in full. Its
   * ETag is not that of the latest.json read, which is therefore not
   * recorded, so the next poll reads latest.json again. If the pair does
   * not verify either, the first reason stands. */
  if (manifest == NULL && g_error_matches (local_error, RP_ERROR, RP_ERROR_BAD_SIGNATURE) &&
      (versioned = signed_version_path (self, signature_bytes)) != NULL)
    {
      g_autofree char *versioned_sig = g_strconcat (versioned, ".minisig", NULL);
      g_autoptr(GBytes) v_manifest = NULL;
      g_autoptr(GBytes) v_signature = NULL;

      g_clear_pointer (&new_etag, g_free);
      v_manifest = rp_sync_source_fetch_file (source, versioned, RP_MANIFEST_MAX_SIZE, NULL, NULL, NULL,
                                              cancellable, NULL);
      v_signature = v_manifest ? rp_sync_source_fetch_file (source, versioned_sig, RP_MINISIGN_MAX_SIGNATURE_SIZE,
                                                            NULL, NULL, NULL, cancellable, NULL)
                               : NULL;
      if (v_signature != NULL &&
          (manifest = verify_manifest (self, v_manifest, v_signature, demo_allowed, &signature, &key, NULL)) != NULL)
        {
          g_message ("%s and its signature did not match (replaced between the two reads?); used %s instead",
                     latest, versioned);
          g_clear_error (&local_error);
          g_bytes_unref (manifest_bytes);
          manifest_bytes = g_steal_pointer (&v_manifest);
          g_bytes_unref (signature_bytes);
          signature_bytes = g_steal_pointer (&v_signature);
        }
    }
  if (manifest == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->offered_version = rp_manifest_get_version (manifest);
  g_free (self->key_id);
  self->key_id = rp_minisign_key_get_id (key);

  installed = installed_version (self, state);
  self->previous_version = installed;
  if (rp_manifest_get_version (manifest) < installed)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_STALE_VERSION,
                   "The origin offers version %" G_GINT64_FORMAT " of “%s”, older than the installed %" G_GINT64_FORMAT
                   "; a rollback is refused",
                   rp_manifest_get_version (manifest), self->channel, installed);
      return FALSE;
    }
  name = rp_bundle_name_for (self->channel, rp_manifest_get_version (manifest));
  if (rp_manifest_get_version (manifest) == installed)
    {
      if (!check_installed_fresh (self, error))
        return FALSE;
      if (rp_state_db_get_max_version (state, self->channel) < installed)
        rp_state_db_record_install (state, self->channel, installed, name, self->key_id, origin, NULL);
      rp_state_db_set_etag (state, origin, latest, new_etag);
      *out_outcome = RP_SYNC_OUTCOME_UP_TO_DATE;
      return TRUE;
    }

  staging = rp_data_dir_build_staging_path (self->data_dir, name);
  if (!fetch_objects (self, source, manifest, cancellable, error) ||
      !build_bundle (self, manifest, manifest_bytes, signature_bytes, key, staging, error) ||
      !apply_bundle (self, staging, name, &previous, error))
    {
      rp_remove_tree (staging, NULL);
      return FALSE;
    }

  detail = g_strdup_printf ("%s from %s signed by %s (previous %s; %s)", name, origin, self->key_id,
                            previous ? previous : "none", self->build_how ? self->build_how : "built");
  if (!rp_state_db_record_install (state, self->channel, rp_manifest_get_version (manifest), name, self->key_id,
                                   origin, error) ||
      !rp_state_db_audit (state, "sync", "install", detail, error))
    return FALSE;
  if (installed_channel != NULL && !g_str_equal (installed_channel, self->channel))
    {
      g_autofree char *switched = g_strdup_printf ("%s → %s (%s → %s)%s", installed_channel, self->channel,
                                                   previous ? previous : "none", name,
                                                   self->allow_channel_switch ? ", switch allowed" : "");
      rp_state_db_audit (state, "sync", "switch-channel", switched, NULL);
    }
  if (self->warning != NULL)
    rp_state_db_audit (state, "sync", "gc-incomplete", self->warning, NULL);
  rp_state_db_set_etag (state, origin, latest, new_etag);
  *out_outcome = RP_SYNC_OUTCOME_INSTALLED;
  return TRUE;
}

gint64
rp_sync_engine_get_previous_version (RpSyncEngine *self)
{
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), 0);
  return self->previous_version;
}

const char *
rp_sync_outcome_to_string (RpSyncOutcome outcome)
{
  switch (outcome)
    {
    case RP_SYNC_OUTCOME_INSTALLED:
      return "installed";
    case RP_SYNC_OUTCOME_UP_TO_DATE:
      return "up-to-date";
    case RP_SYNC_OUTCOME_NOT_MODIFIED:
    default:
      return "not-modified";
    }
}

gboolean
rp_sync_engine_run (RpSyncEngine  *self,
                    RpSyncSource  *source,
                    RpSyncOutcome *out_outcome,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *state_path = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(GError) local_error = NULL;
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;
  gboolean ok;
  int lock;

  g_return_val_if_fail (RP_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (RP_IS_SYNC_SOURCE (source), FALSE);

  self->offered_version = 0;
  self->previous_version = 0;
  g_clear_pointer (&self->warning, g_free);
  if (!rp_data_dir_prepare (self->data_dir, error))
    return FALSE;
  lock = rp_data_dir_lock (self->data_dir, FALSE, error);
  if (lock < 0)
    return FALSE;

  state_path = rp_data_dir_build_state_path (rp_data_dir_get_path (self->data_dir));
  origin = rp_sync_source_describe (source);
  state = rp_state_db_open (state_path, &local_error);
  ok = state != NULL && run_locked (self, source, state, origin, &outcome, cancellable, &local_error);
  if (state != NULL)
    rp_state_db_log_sync (state, origin, self->channel, self->offered_version,
                          ok ? rp_sync_outcome_to_string (outcome) : "refused", ok ? NULL : local_error->message);
  rp_data_dir_unlock (lock);

  rp_sync_progress_set_phase (self->progress, ok ? RP_SYNC_PHASE_DONE : RP_SYNC_PHASE_FAILED);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_outcome)
    *out_outcome = outcome;
  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;
  GError *error = NULL;

  if (rp_sync_engine_run (source_object, task_data, &outcome, cancellable, &error))
    g_task_return_int (task, outcome);
  else
    g_task_return_error (task, error);
}

void
rp_sync_engine_run_async (RpSyncEngine       *self,
                          RpSyncSource       *source,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RP_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_sync_engine_run_async);
  g_task_set_task_data (task, g_object_ref (source), g_object_unref);
  g_task_run_in_thread (task, run_thread);
}

gboolean
rp_sync_engine_run_finish (RpSyncEngine  *self,
                           GAsyncResult  *result,
                           RpSyncOutcome *out_outcome,
                           GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (out_outcome)
    *out_outcome = value;
  return TRUE;
}
