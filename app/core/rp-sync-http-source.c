/* rp-sync-http-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Errors are RP_ERROR_NETWORK (and RP_ERROR_TOO_SLOW) when trying again
 * may help, anything else when it cannot: a wrong hash or an over-long
 * body will not become right on the next attempt.
 *
 * A 429 or 503 that carries Retry-After is the origin asking every
 * terminal to stay away for a while: the source does not retry it at all
 * (retrying in a second is what overloads it) but fails at once with
 * RP_ERROR_NETWORK and keeps the delay for the caller's scheduler
 * (rp_sync_http_source_get_retry_after()).
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "rp-error.h"
#include "rp-sync-http-source.h"

/* RFC 6585; libsoup 3.2 has no name for it. */
#define RP_HTTP_TOO_MANY_REQUESTS 429

struct _RpSyncHttpSource
{
  GObject      parent_instance;
  char        *base;    /* ends with "/" */
  SoupSession *session;
  guint        timeout;
  guint        window;
  guint        min_bytes;
  guint        max_retries;
  guint        backoff_ms;
  /* Seconds the last answer asked to wait (Retry-After), 0 for none;
   * written by the fetching thread, read after the run. */
  guint        retry_after;
};

static void source_iface_init (RpSyncSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpSyncHttpSource, rp_sync_http_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RP_TYPE_SYNC_SOURCE, source_iface_init))

static void
rp_sync_http_source_finalize (GObject *object)
{
  RpSyncHttpSource *self = RP_SYNC_HTTP_SOURCE (object);

  g_clear_pointer (&self->base, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (rp_sync_http_source_parent_class)->finalize (object);
}

static void
rp_sync_http_source_class_init (RpSyncHttpSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_sync_http_source_finalize;
}

static void
rp_sync_http_source_init (RpSyncHttpSource *self)
{
  self->timeout = 30;
  self->window = 30;
  self->min_bytes = 4096;
  self->max_retries = 4;
  self->backoff_ms = 1000;
}

RpSyncHttpSource *
rp_sync_http_source_new (const char *base_url)
{
  RpSyncHttpSource *self = g_object_new (RP_TYPE_SYNC_HTTP_SOURCE, NULL);

  self->base = g_str_has_suffix (base_url, "/") ? g_strdup (base_url) : g_strconcat (base_url, "/", NULL);
  return self;
}

void
rp_sync_http_source_set_limits (RpSyncHttpSource *self,
                                guint             timeout_seconds,
                                guint             window_seconds,
                                guint             min_bytes,
                                guint             max_retries,
                                guint             backoff_ms)
{
  g_return_if_fail (RP_IS_SYNC_HTTP_SOURCE (self));

  self->timeout = MAX (timeout_seconds, 1);
  self->window = MAX (window_seconds, 1);
  self->min_bytes = min_bytes;
  self->max_retries = max_retries;
  self->backoff_ms = backoff_ms;
  g_clear_object (&self->session);
}

static SoupSession *
get_session (RpSyncHttpSource *self)
{
  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                     "idle-timeout", 60,
                                                     "user-agent", "ReadingPoint/" PACKAGE_VERSION " ",
                                                     NULL);
      /* Objects are hashed as stored on the origin: never let a decoder
       * turn an encoded (or mislabelled) body into other bytes. */
      soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
    }
  return self->session;
}

static SoupMessage *
new_message (RpSyncHttpSource *self,
             const char       *relative,
             GError          **error)
{
  g_autofree char *url = g_strconcat (self->base, relative, NULL);
  SoupMessage *msg = soup_message_new ("GET", url);

  if (msg == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "“%s” is not a valid URL", url);
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding", "identity");
  return msg;
}

static GInputStream *
send (RpSyncHttpSource *self,
      SoupMessage      *msg,
      GCancellable     *cancellable,
      GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  GInputStream *in = soup_session_send (get_session (self), msg, cancellable, &local_error);

  if (in == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "Cannot reach the origin %s: %s", self->base,
                     local_error->message);
    }
  return in;
}

static gboolean
is_encoded (SoupMessage *msg)
{
  const char *encoding = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Content-Encoding");
  return encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0;
}

/* The slow-transfer watchdog runs in its own thread so that it also
 * covers a server that drips the status line and headers, where no read of
 * ours returns: it cancels the attempt when fewer than min_bytes arrived in
 * a window. */
typedef struct
{
  GCancellable *cancellable;  /* what the attempt uses */
  GCancellable *parent;
  gulong        parent_handler;
  GMutex        mutex;
  GCond         cond;
  guint64       bytes;
  gboolean      done;
  gboolean      fired;
  guint         window;
  guint         min_bytes;
  GThread      *thread;
} Watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *wd = data;
  guint64 last;

  g_mutex_lock (&wd->mutex);
  last = wd->bytes;
  while (!wd->done)
    {
      gint64 end = g_get_monotonic_time () + (gint64) wd->window * G_USEC_PER_SEC;

      while (!wd->done && g_cond_wait_until (&wd->cond, &wd->mutex, end))
        ;
      if (wd->done)
        break;
      if (wd->bytes - last < wd->min_bytes)
        {
          wd->fired = TRUE;
          g_cancellable_cancel (wd->cancellable);
          break;
        }
      last = wd->bytes;
    }
  g_mutex_unlock (&wd->mutex);
  return NULL;
}

static void
forward_cancel (GCancellable *parent,
                GCancellable *child)
{
  g_cancellable_cancel (child);
}

static Watchdog *
watchdog_start (RpSyncHttpSource *self,
                GCancellable     *parent)
{
  Watchdog *wd = g_new0 (Watchdog, 1);

  wd->cancellable = g_cancellable_new ();
  wd->window = self->window;
  wd->min_bytes = self->min_bytes;
  g_mutex_init (&wd->mutex);
  g_cond_init (&wd->cond);
  if (parent != NULL)
    {
      wd->parent = g_object_ref (parent);
      wd->parent_handler = g_cancellable_connect (parent, G_CALLBACK (forward_cancel), wd->cancellable, NULL);
    }
  wd->thread = g_thread_new ("rp-sync-watchdog", watchdog_thread, wd);
  return wd;
}

static void
watchdog_add (Watchdog *wd,
              gsize     bytes)
{
  g_mutex_lock (&wd->mutex);
  wd->bytes += bytes;
  g_mutex_unlock (&wd->mutex);
}

/* Stops the watchdog; turns the cancellation it caused into a clear error. */
static void
watchdog_stop (Watchdog         *wd,
               RpSyncHttpSource *self,
               GError          **error)
{
  g_mutex_lock (&wd->mutex);
  wd->done = TRUE;
  g_cond_signal (&wd->cond);
  g_mutex_unlock (&wd->mutex);
  g_thread_join (wd->thread);
  if (wd->fired && error != NULL && *error != NULL)
    {
      g_clear_error (error);
      g_set_error (error, RP_ERROR, RP_ERROR_TOO_SLOW,
                   "The transfer from %s stalled: fewer than %u bytes in %u s (slow-transfer watchdog)",
                   self->base, wd->min_bytes, wd->window);
    }
  if (wd->parent != NULL)
    g_cancellable_disconnect (wd->parent, wd->parent_handler);
  g_clear_object (&wd->parent);
  g_clear_object (&wd->cancellable);
  g_mutex_clear (&wd->mutex);
  g_cond_clear (&wd->cond);
  g_free (wd);
}

typedef gboolean (*ChunkFunc) (const guchar *data,
                               gsize         length,
                               gpointer      user_data,
                               GError      **error);

/* Reads at most @limit bytes, plus one to notice an over-long body. */
static gboolean
read_body (RpSyncHttpSource *self,
           GInputStream     *in,
           guint64           limit,
           ChunkFunc         chunk,
           gpointer          user_data,
           guint64          *out_received,
           Watchdog         *wd,
           GError          **error)
{
  g_autofree guchar *buf = g_malloc (1 << 18);
  guint64 received = 0;

  for (;;)
    {
      gsize want = (gsize) MIN ((guint64) (1 << 18), limit - received + 1);
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (in, buf, want, wd->cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "The transfer from %s broke off: %s", self->base,
                         local_error->message);
          *out_received = received;
          return FALSE;
        }
      if (n == 0)
        break;
      watchdog_add (wd, n);
      if (!chunk (buf, n, user_data, error))
        {
          *out_received = received;
          return FALSE;
        }
      received += n;
    }
  *out_received = received;
  return TRUE;
}

static gboolean
append_chunk (const guchar *data,
              gsize         length,
              gpointer      user_data,
              GError      **error)
{
  g_byte_array_append (user_data, data, length);
  return TRUE;
}

static gboolean
retryable (const GError *error)
{
  return g_error_matches (error, RP_ERROR, RP_ERROR_NETWORK) ||
         g_error_matches (error, RP_ERROR, RP_ERROR_TOO_SLOW);
}

/* Retry-After is either delta-seconds or an HTTP date; a date in the past
 * or an unparsable value counts as "no hint". Capped at a day, so a
 * misconfigured origin cannot silence a terminal for good. */
static guint
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  char *end = NULL;

  if (value == NULL)
    return 0;
  value += strspn (value, " \t");
  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      if (end != NULL && *(end + strspn (end, " \t")) != '\0')
        return 0;
      return (guint) MIN (seconds, RP_SYNC_HTTP_MAX_RETRY_AFTER);
    }
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  seconds = MAX (g_date_time_difference (when, now), 0) / G_TIME_SPAN_SECOND;
  return (guint) MIN (seconds, RP_SYNC_HTTP_MAX_RETRY_AFTER);
}

/* The origin's "come back later": 429 and 503 with a Retry-After hint.
 * Without the hint a 503 is an ordinary transient failure (retried) and
 * a 429 is treated the same way. */
static gboolean
asked_to_wait (RpSyncHttpSource *self,
               SoupMessage      *msg,
               const char       *what,
               GError          **error)
{
  guint status = soup_message_get_status (msg);
  guint seconds;

  if (status != RP_HTTP_TOO_MANY_REQUESTS && status != SOUP_STATUS_SERVICE_UNAVAILABLE)
    return FALSE;
  seconds = parse_retry_after (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));
  if (seconds == 0)
    return FALSE;
  self->retry_after = seconds;
  g_set_error (error, RP_ERROR, RP_ERROR_NETWORK,
               "The origin %s is busy (“%u %s” for %s) and asks to come back in %u s", self->base, status,
               soup_message_get_reason_phrase (msg), what, seconds);
  return TRUE;
}

/* Exponential backoff with full jitter, cut short by cancellation. */
static gboolean
back_off (RpSyncHttpSource *self,
          guint             attempt,
          GCancellable     *cancellable)
{
  guint64 ceiling = MIN ((guint64) self->backoff_ms << MIN (attempt, 10), 60000);
  gint64 until = g_get_monotonic_time () + (gint64) g_random_double_range (ceiling / 2.0, ceiling) * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (50000, MAX (until - g_get_monotonic_time (), 0)));
    }
  return TRUE;
}

static GBytes *
fetch_file_once (RpSyncHttpSource *self,
                 const char       *relative,
                 gsize             max_size,
                 const char       *etag,
                 char            **out_etag,
                 gboolean         *out_not_modified,
                 Watchdog         *wd,
                 GError          **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, relative, error);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) data = NULL;
  SoupMessageHeaders *headers;
  const char *type;
  guint status;
  goffset length;
  guint64 received = 0;

  if (msg == NULL)
    return NULL;
  if (etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);
  in = send (self, msg, wd->cancellable, error);
  if (in == NULL)
    return NULL;
  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      *out_not_modified = TRUE;
      return NULL;
    }
  if (asked_to_wait (self, msg, relative, error))
    return NULL;
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "The origin %s has no “%s” (is the channel right?)",
                   self->base, relative);
      return NULL;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, RP_ERROR,
                   status >= 500 || status == RP_HTTP_TOO_MANY_REQUESTS ? RP_ERROR_NETWORK : RP_ERROR_NOT_A_MANIFEST,
                   "The origin answered “%u %s” for “%s”", status, soup_message_get_reason_phrase (msg),
                   relative);
      return NULL;
    }
  type = soup_message_headers_get_content_type (headers, NULL);
  if (type != NULL && (g_str_equal (type, "text/html") || g_str_equal (type, "application/xhtml+xml")))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NOT_A_MANIFEST,
                   "The origin answered “%s” with a web page instead of a signed manifest: "
                   "a captive portal or proxy login page may be in the way",
                   relative);
      return NULL;
    }
  if (is_encoded (msg))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NOT_A_MANIFEST,
                   "The origin sent “%s” content-encoded although identity was asked for", relative);
      return NULL;
    }
  length = soup_message_headers_get_content_length (headers);
  if (length > 0 && (guint64) length > max_size)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST,
                   "“%s” is %" G_GOFFSET_FORMAT " bytes, over the cap of %" G_GSIZE_FORMAT " bytes", relative,
                   length, max_size);
      return NULL;
    }
  data = g_byte_array_new ();
  if (!read_body (self, in, max_size, append_chunk, data, &received, wd, error))
    return NULL;
  if (received > max_size)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST,
                   "“%s” is over the cap of %" G_GSIZE_FORMAT " bytes", relative, max_size);
      return NULL;
    }
  if (out_etag)
    *out_etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static GBytes *
http_fetch_file (RpSyncSource *source,
                 const char   *relative_path,
                 gsize         max_size,
                 const char   *etag,
                 char        **out_etag,
                 gboolean     *out_not_modified,
                 GCancellable *cancellable,
                 GError      **error)
{
  RpSyncHttpSource *self = RP_SYNC_HTTP_SOURCE (source);

  self->retry_after = 0;
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      Watchdog *wd = watchdog_start (self, cancellable);
      GBytes *bytes = fetch_file_once (self, relative_path, max_size, etag, out_etag, out_not_modified, wd,
                                       &local_error);

      watchdog_stop (wd, self, &local_error);

      if (local_error == NULL)
        return bytes;
      if (!retryable (local_error) || self->retry_after > 0 || attempt >= self->max_retries ||
          !back_off (self, attempt, cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

static gboolean
sink_chunk (const guchar *data,
            gsize         length,
            gpointer      user_data,
            GError      **error)
{
  return rp_object_sink_write (user_data, data, length, error);
}

typedef enum
{
  ATTEMPT_DONE,
  ATTEMPT_AGAIN_NOW,  /* the server spoiled a resume: start over at once */
  ATTEMPT_FAILED,
} Attempt;

static Attempt
fetch_object_once (RpSyncHttpSource *self,
                   RpObjectSink     *sink,
                   gboolean         *no_ranges,
                   Watchdog         *wd,
                   GError          **error)
{
  const char *sha256 = rp_object_sink_get_sha256 (sink);
  g_autofree char *relative = rp_sync_object_path (sha256);
  g_autoptr(SoupMessage) msg = new_message (self, relative, error);
  g_autoptr(GInputStream) in = NULL;
  SoupMessageHeaders *headers;
  guint64 size = rp_object_sink_get_size (sink);
  guint64 offset = rp_object_sink_get_offset (sink);
  guint64 received = 0;
  goffset length, start = 0, end = 0, total = 0;
  guint status;

  if (msg == NULL)
    return ATTEMPT_FAILED;
  if (offset > 0 && *no_ranges && !rp_object_sink_restart (sink, error))
    return ATTEMPT_FAILED;
  offset = rp_object_sink_get_offset (sink);
  if (offset > 0)
    {
      SoupMessageHeaders *request = soup_message_get_request_headers (msg);
      const char *validator = rp_object_sink_get_validator (sink);

      soup_message_headers_set_range (request, offset, -1);
      if (validator != NULL)
        soup_message_headers_replace (request, "If-Range", validator);
    }
  in = send (self, msg, wd->cancellable, error);
  if (in == NULL)
    return ATTEMPT_FAILED;
  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);

  switch (status)
    {
    case SOUP_STATUS_OK:
      /* Range ignored, or If-Range found another ETag: the body is the
       * whole object, so what was held is dropped. */
      if (offset > 0 && !rp_object_sink_restart (sink, error))
        return ATTEMPT_FAILED;
      if (is_encoded (msg))
        {
          g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH,
                       "The origin sent object %s content-encoded; objects must be served as stored", sha256);
          return ATTEMPT_FAILED;
        }
      break;
    case SOUP_STATUS_PARTIAL_CONTENT:
      if (is_encoded (msg))
        {
          g_debug ("%s: encoded range response, fetching the whole object", sha256);
          *no_ranges = TRUE;
          return rp_object_sink_restart (sink, error) ? ATTEMPT_AGAIN_NOW : ATTEMPT_FAILED;
        }
      if (!soup_message_headers_get_content_range (headers, &start, &end, &total) ||
          (guint64) start != offset || (guint64) total != size)
        {
          g_debug ("%s: unexpected Content-Range, fetching the whole object", sha256);
          *no_ranges = TRUE;
          return rp_object_sink_restart (sink, error) ? ATTEMPT_AGAIN_NOW : ATTEMPT_FAILED;
        }
      break;
    case SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE:
      g_debug ("%s: 416 on resume, fetching the whole object", sha256);
      *no_ranges = TRUE;
      return rp_object_sink_restart (sink, error) ? ATTEMPT_AGAIN_NOW : ATTEMPT_FAILED;
    case SOUP_STATUS_NOT_FOUND:
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "The origin %s has no object %s", self->base, sha256);
      return ATTEMPT_FAILED;
    default:
      if (asked_to_wait (self, msg, sha256, error))
        return ATTEMPT_FAILED;
      g_set_error (error, RP_ERROR,
                   status >= 500 || status == RP_HTTP_TOO_MANY_REQUESTS ? RP_ERROR_NETWORK : RP_ERROR_OBJECT_MISMATCH,
                   "The origin answered “%u %s” for object %s", status, soup_message_get_reason_phrase (msg),
                   sha256);
      return ATTEMPT_FAILED;
    }

  /* Objects are immutable: a body of another length than the rest of the
   * declared size is another object (mix-and-match) or endless data. */
  length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) length != size - rp_object_sink_get_offset (sink))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH,
                   "The origin announces %" G_GOFFSET_FORMAT " bytes for object %s, which the manifest "
                   "declares as %" G_GUINT64_FORMAT " bytes; refused before reading",
                   length, sha256, size);
      return ATTEMPT_FAILED;
    }
  rp_object_sink_set_validator (sink, soup_message_headers_get_one (headers, "ETag"));
  if (!read_body (self, in, size - rp_object_sink_get_offset (sink), sink_chunk, sink, &received, wd, error))
    return ATTEMPT_FAILED;
  if (rp_object_sink_get_offset (sink) < size)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK,
                   "The connection closed after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes of object %s",
                   rp_object_sink_get_offset (sink), size, sha256);
      return ATTEMPT_FAILED;
    }
  return ATTEMPT_DONE;
}

static gboolean
http_fetch_object (RpSyncSource *source,
                   RpObjectSink *sink,
                   GCancellable *cancellable,
                   GError      **error)
{
  RpSyncHttpSource *self = RP_SYNC_HTTP_SOURCE (source);
  gboolean no_ranges = FALSE;

  self->retry_after = 0;
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      Watchdog *wd = watchdog_start (self, cancellable);
      Attempt result = fetch_object_once (self, sink, &no_ranges, wd, &local_error);

      watchdog_stop (wd, self, &local_error);

      if (result == ATTEMPT_DONE)
        return TRUE;
      if (result == ATTEMPT_AGAIN_NOW && attempt <= self->max_retries + 1)
        continue;
      if (result == ATTEMPT_FAILED && retryable (local_error) && self->retry_after == 0 && attempt < self->max_retries &&
          back_off (self, attempt, cancellable))
        continue;
      if (local_error == NULL)
        g_set_error (&local_error, RP_ERROR, RP_ERROR_NETWORK,
                     "The origin %s kept spoiling resumed transfers of object %s", self->base,
                     rp_object_sink_get_sha256 (sink));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

guint
rp_sync_http_source_get_retry_after (RpSyncHttpSource *self)
{
  g_return_val_if_fail (RP_IS_SYNC_HTTP_SOURCE (self), 0);
  return self->retry_after;
}

static char *
http_describe (RpSyncSource *source)
{
  return g_strdup (RP_SYNC_HTTP_SOURCE (source)->base);
}

static void
source_iface_init (RpSyncSourceInterface *iface)
{
  iface->fetch_file = http_fetch_file;
  iface->fetch_object = http_fetch_object;
  iface->describe = http_describe;
}
