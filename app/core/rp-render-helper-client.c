/* rp-render-helper-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants:
 * - pid and shut change only under mutex; a pid is reaped (waitpid) only
 *   after it was cleared under mutex, so shut_down never signals a reused
 *   process id;
 * - sock and doc_fd belong to the requesting thread; a cancel handler uses
 *   sock only while that thread waits for the answer;
 * - a page slot is busy from the RENDER that uses it until the surface
 *   wrapping it is destroyed (any thread); only a slot that is not busy
 *   is handed to the helper, and the helper is done with a slot once the
 *   RENDER's answer came or the helper was reaped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rp-document.h"
#include "rp-error.h"
#include "rp-render-helper-client.h"
#include "rp-render-helper-protocol.h"

/* Shared memory pages are drawn into (rp-render-helper-protocol.h), kept
 * across pages and across helper restarts; freed with the last of the
 * RpRenderHelper and the surfaces wrapping them. */
typedef struct
{
  int      fd;          /* -1: none */
  void    *data;        /* read-only mapping */
  gsize    size;
  gboolean busy;        /* (mutex) a surface wraps it */
  guint    sent_to;     /* the n_started of the helper that mapped it; 0: none */
} Slot;

/* All slots together are kept within this; a page beyond it is drawn in a
 * slot used once. */
#define SLOTS_MAX_BYTES ((gsize) 192 * 1024 * 1024)

typedef struct
{
  gint     ref;
  GMutex   mutex;
  gboolean owner_gone;  /* (mutex) the RpRenderHelper is freed */
  Slot     slots[RP_HELPER_MAX_SLOTS];
} SlotPool;

struct _RpRenderHelper
{
  GMutex   mutex;
  GPid     pid;        /* (mutex) 0: none running */
  gboolean shut;       /* (mutex) */
  guint    n_started;  /* (mutex) */
  int      sock;
  int      doc_fd;
  char    *path;
  guint64  memory_limit;
  guint32  next_id;
  guint    time_limit_ms;
  GArray  *sizes;      /* what the first open answered: a restart must agree */
  SlotPool *slots;
};

const char *
rp_render_helper_program (void)
{
  static gsize once;
  static const char *program;

  if (g_once_init_enter (&once))
    {
      const char *env = g_getenv ("RP_RENDER_HELPER");
      const char *found;

      if (env != NULL && *env != '\0')
        found = g_intern_string (env);
      else if (g_file_test (RP_LIBEXECDIR "/readingpoint-render-helper", G_FILE_TEST_IS_EXECUTABLE))
        found = RP_LIBEXECDIR "/readingpoint-render-helper";
      else
        found = RP_RENDER_HELPER_BUILD_PATH;
      program = found;
      g_once_init_leave (&once, 1);
    }
  return program;
}

static void
slot_clear (Slot *slot)
{
  if (slot->fd < 0)
    return;
  munmap (slot->data, slot->size);
  close (slot->fd);
  *slot = (Slot) { .fd = -1 };
}

static SlotPool *
slot_pool_new (void)
{
  SlotPool *pool = g_new0 (SlotPool, 1);

  pool->ref = 1;
  g_mutex_init (&pool->mutex);
  for (guint i = 0; i < RP_HELPER_MAX_SLOTS; i++)
    pool->slots[i].fd = -1;
  return pool;
}

static void
slot_pool_unref (SlotPool *pool)
{
  if (!g_atomic_int_dec_and_test (&pool->ref))
    return;
  for (guint i = 0; i < RP_HELPER_MAX_SLOTS; i++)
    slot_clear (&pool->slots[i]);
  g_mutex_clear (&pool->mutex);
  g_free (pool);
}

/* The owner lets go: slots no surface wraps are freed now, the others as
 * their surfaces go. */
static void
slot_pool_disown (SlotPool *pool)
{
  g_mutex_lock (&pool->mutex);
  pool->owner_gone = TRUE;
  for (guint i = 0; i < RP_HELPER_MAX_SLOTS; i++)
    if (!pool->slots[i].busy)
      slot_clear (&pool->slots[i]);
  g_mutex_unlock (&pool->mutex);
  slot_pool_unref (pool);
}

/* What a surface keeps of its slot. */
typedef struct
{
  SlotPool *pool;
  guint     index;  /* RP_HELPER_SLOT_ONCE: @once is the slot */
  Slot      once;
} SlotUse;

static void
slot_use_free (SlotUse *use)
{
  if (use->index == RP_HELPER_SLOT_ONCE)
    slot_clear (&use->once);
  else
    {
      g_mutex_lock (&use->pool->mutex);
      use->pool->slots[use->index].busy = FALSE;
      if (use->pool->owner_gone)
        slot_clear (&use->pool->slots[use->index]);
      g_mutex_unlock (&use->pool->mutex);
    }
  slot_pool_unref (use->pool);
  g_free (use);
}

/* A slot of @size bytes for the next page, marked busy: one of the
 * pool's (reused when one of that size is free, else made, within
 * SLOTS_MAX_BYTES), or one for this page only. NULL with @error. */
static SlotUse *
slot_take (SlotPool *pool,
           gsize     size,
           GError  **error)
{
  SlotUse *use = g_new0 (SlotUse, 1);
  guint found = RP_HELPER_SLOT_ONCE, empty = RP_HELPER_SLOT_ONCE;
  gsize total = 0;

  use->index = RP_HELPER_SLOT_ONCE;
  use->once.fd = -1;
  g_mutex_lock (&pool->mutex);
  for (guint i = 0; i < RP_HELPER_MAX_SLOTS; i++)
    {
      Slot *slot = &pool->slots[i];

      total += slot->size;
      if (slot->busy)
        continue;
      if (slot->fd >= 0 && slot->size == size && found == RP_HELPER_SLOT_ONCE)
        found = i;
      else if (empty == RP_HELPER_SLOT_ONCE || (pool->slots[empty].fd >= 0 && slot->fd < 0))
        empty = i;
    }
  if (found == RP_HELPER_SLOT_ONCE && empty != RP_HELPER_SLOT_ONCE &&
      total - pool->slots[empty].size + size <= SLOTS_MAX_BYTES)
    {
      Slot *slot = &pool->slots[empty];

      slot_clear (slot);
      slot->fd = rp_helper_slot_new (size, &slot->data, error);
      if (slot->fd < 0)
        {
          g_mutex_unlock (&pool->mutex);
          g_free (use);
          return NULL;
        }
      slot->size = size;
      found = empty;
    }
  if (found != RP_HELPER_SLOT_ONCE)
    {
      pool->slots[found].busy = TRUE;
      use->index = found;
    }
  g_mutex_unlock (&pool->mutex);
  if (use->index == RP_HELPER_SLOT_ONCE)
    {
      use->once.fd = rp_helper_slot_new (size, &use->once.data, error);
      if (use->once.fd < 0)
        {
          g_free (use);
          return NULL;
        }
      use->once.size = size;
    }
  g_atomic_int_inc (&pool->ref);
  use->pool = pool;
  return use;
}

/* The slot @use names; the pool's slots are only changed by the requesting
 * thread, and this one is busy. */
static Slot *
slot_of (SlotUse *use)
{
  return use->index == RP_HELPER_SLOT_ONCE ? &use->once : &use->pool->slots[use->index];
}

RpRenderHelper *
rp_render_helper_new (const char *path,
                      guint64     memory_limit_bytes)
{
  RpRenderHelper *self = g_new0 (RpRenderHelper, 1);

  g_mutex_init (&self->mutex);
  self->sock = -1;
  self->doc_fd = -1;
  self->path = g_strdup (path);
  self->memory_limit = memory_limit_bytes;
  self->slots = slot_pool_new ();
  return self;
}

/* Requesting thread: forgets the running helper, killing it if it still
 * lives, and returns how it ended (a waitpid status), or -1 if none ran. */
static int
reap (RpRenderHelper *self)
{
  GPid pid;
  int status = -1;

  g_mutex_lock (&self->mutex);
  pid = self->pid;
  self->pid = 0;
  g_mutex_unlock (&self->mutex);
  if (self->sock >= 0)
    {
      close (self->sock);
      self->sock = -1;
    }
  if (pid == 0)
    return -1;
  /* The socket closed does not end a helper stuck in poppler. */
  kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return status;
}

void
rp_render_helper_free (RpRenderHelper *self)
{
  if (self == NULL)
    return;
  rp_render_helper_shut_down (self);
  reap (self);
  if (self->doc_fd >= 0)
    close (self->doc_fd);
  g_clear_pointer (&self->sizes, g_array_unref);
  slot_pool_disown (self->slots);
  g_mutex_clear (&self->mutex);
  g_free (self->path);
  g_free (self);
}

void
rp_render_helper_set_time_limit (RpRenderHelper *self,
                                 guint           msec)
{
  self->time_limit_ms = msec;
}

/* Waits for the answer within the time limit; FALSE when it ran out. */
static gboolean
wait_readable (RpRenderHelper *self)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) self->time_limit_ms * 1000;

  if (self->time_limit_ms == 0)
    return TRUE;
  for (;;)
    {
      struct pollfd pfd = { self->sock, POLLIN, 0 };
      gint64 left = deadline - g_get_monotonic_time ();
      int n;

      if (left <= 0)
        return FALSE;
      n = poll (&pfd, 1, (int) MAX (1, left / 1000));
      if (n > 0)
        return TRUE;
      if (n < 0 && errno != EINTR)
        return TRUE; /* recvmsg will say what is wrong */
    }
}

void
rp_render_helper_shut_down (RpRenderHelper *self)
{
  g_mutex_lock (&self->mutex);
  self->shut = TRUE;
  if (self->pid != 0)
    kill (self->pid, SIGKILL);
  g_mutex_unlock (&self->mutex);
}

GPid
rp_render_helper_get_pid (RpRenderHelper *self)
{
  GPid pid;

  g_mutex_lock (&self->mutex);
  pid = self->pid;
  g_mutex_unlock (&self->mutex);
  return pid;
}

guint
rp_render_helper_get_n_started (RpRenderHelper *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_started;
  g_mutex_unlock (&self->mutex);
  return n;
}

/* Why the helper that just went away went away. */
static GError *
describe_death (int status)
{
  if (status != -1 && WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);

      if (sig == SIGSYS)
        return g_error_new_literal (RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                                    "The page-drawing helper was stopped: the document made it attempt a "
                                    "forbidden system call");
      if (sig == SIGKILL)
        return g_error_new_literal (RP_ERROR, RP_ERROR_RENDER_LIMIT,
                                    "The page-drawing helper was killed while drawing this page (its memory "
                                    "limit, or stopped from outside)");
      return g_error_new (RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                          "The page-drawing helper crashed on this page (%s)", g_strsignal (sig));
    }
  if (status != -1 && WIFEXITED (status))
    return g_error_new (RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                        "The page-drawing helper ended unexpectedly (exit status %d)", WEXITSTATUS (status));
  return g_error_new_literal (RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The page-drawing helper stopped answering");
}

/* Requesting thread: the helper went away; reaps it and says why. */
static GError *
gone (RpRenderHelper *self)
{
  int status = reap (self);
  gboolean shut;

  g_mutex_lock (&self->mutex);
  shut = self->shut;
  g_mutex_unlock (&self->mutex);
  /* Killed on purpose (time limit, document closed): not the page's fault. */
  if (shut)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The document was closed");
  return describe_death (status);
}

static gboolean call (RpRenderHelper *self, RpHelperRequest *request, gsize request_len, int fd_to_pass,
                      RpHelperReply *reply, int *blob_fd, GCancellable *cancellable, GError **error);

/* Starts a helper process with no document yet: its pid and our end of
 * its socket. Every other descriptor of the kiosk is closed in it. */
static gboolean
spawn_helper (guint64  memory_limit,
              GPid    *out_pid,
              int     *out_sock,
              GError **error)
{
  const char *argv[] = { rp_render_helper_program (), "--fd=3", NULL, NULL };
  g_autofree char *memory_arg = NULL;
  g_autoptr(GError) local_error = NULL;
  int sv[2], target = 3;

  if (memory_limit > 0)
    argv[2] = memory_arg = g_strdup_printf ("--memory-limit=%" G_GUINT64_FORMAT, MAX (memory_limit / (1024 * 1024), 1));
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved = errno;

      g_set_error (error, RP_ERROR, RP_ERROR_IO, "The page-drawing helper could not be connected: %s",
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, -1, -1, -1,
                                         &sv[1], &target, 1, out_pid, NULL, NULL, NULL, &local_error))
    {
      close (sv[0]);
      close (sv[1]);
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "The page-drawing helper %s could not be started: %s", argv[0],
                   local_error->message);
      return FALSE;
    }
  close (sv[1]);
  *out_sock = sv[0];
  return TRUE;
}

/* The spare: one helper started ahead of need, waiting for a document. */
static GMutex spare_mutex;
static GPid spare_pid;        /* (spare_mutex) 0: none */
static int spare_sock = -1;   /* (spare_mutex) */
static guint64 spare_limit;   /* (spare_mutex) */

void
rp_render_helper_prestart (guint64 memory_limit_bytes)
{
  g_autoptr(GError) error = NULL;
  GPid pid;
  int sock;

  g_mutex_lock (&spare_mutex);
  if (spare_pid != 0 && spare_limit == memory_limit_bytes)
    {
      g_mutex_unlock (&spare_mutex);
      return;
    }
  g_mutex_unlock (&spare_mutex);
  rp_render_helper_drop_spare ();
  if (!spawn_helper (memory_limit_bytes, &pid, &sock, &error))
    {
      g_debug ("No spare page-drawing helper: %s", error->message);
      return;
    }
  g_mutex_lock (&spare_mutex);
  if (spare_pid == 0)
    {
      spare_pid = pid;
      spare_sock = sock;
      spare_limit = memory_limit_bytes;
      pid = 0;
    }
  g_mutex_unlock (&spare_mutex);
  /* Another thread made one meanwhile. */
  if (pid != 0)
    {
      close (sock);
      kill (pid, SIGKILL);
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
}

/* The spare, if it was started for @memory_limit: its pid (0: none). */
static GPid
take_spare (guint64  memory_limit,
            int     *out_sock)
{
  GPid pid = 0;

  g_mutex_lock (&spare_mutex);
  if (spare_pid != 0 && spare_limit == memory_limit)
    {
      pid = spare_pid;
      *out_sock = spare_sock;
      spare_pid = 0;
      spare_sock = -1;
    }
  g_mutex_unlock (&spare_mutex);
  return pid;
}

void
rp_render_helper_drop_spare (void)
{
  GPid pid;
  int sock;

  g_mutex_lock (&spare_mutex);
  pid = spare_pid;
  sock = spare_sock;
  spare_pid = 0;
  spare_sock = -1;
  g_mutex_unlock (&spare_mutex);
  if (pid == 0)
    return;
  close (sock);
  kill (pid, SIGKILL);
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
}

GPid
rp_render_helper_get_spare_pid (void)
{
  GPid pid;

  g_mutex_lock (&spare_mutex);
  pid = spare_pid;
  g_mutex_unlock (&spare_mutex);
  return pid;
}

/* A helper process for this document: the spare when there is one (and
 * @use_spare), else a new one. */
static gboolean
launch (RpRenderHelper *self,
        gboolean        use_spare,
        gboolean       *adopted,
        GError        **error)
{
  GPid pid = 0;
  int sock = -1;

  *adopted = FALSE;
  g_mutex_lock (&self->mutex);
  if (self->shut)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The document was closed");
      return FALSE;
    }
  /* Under the mutex, so that shut_down sees the pid of what runs. */
  if (use_spare && (pid = take_spare (self->memory_limit, &sock)) != 0)
    *adopted = TRUE;
  else if (!spawn_helper (self->memory_limit, &pid, &sock, error))
    {
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  self->pid = pid;
  self->n_started++;
  g_mutex_unlock (&self->mutex);
  self->sock = sock;
  return TRUE;
}

/* Starts a helper and opens the document in it. */
static gboolean
start (RpRenderHelper *self,
       GError        **error)
{
  RpHelperRequest request = { .op = RP_HELPER_OP_OPEN };
  RpHelperReply reply;
  int blob_fd = -1;
  gboolean adopted;
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->doc_fd < 0)
    {
      self->doc_fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
      if (self->doc_fd < 0)
        {
          int saved = errno;

          g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "The document could not be read: %s",
                       g_strerror (saved));
          return FALSE;
        }
    }
  if (!launch (self, TRUE, &adopted, error))
    return FALSE;
  if (!call (self, &request, G_STRUCT_OFFSET (RpHelperRequest, query), self->doc_fd, &reply, &blob_fd, NULL,
             &local_error))
    {
      /* A spare that died while it waited is not the document's fault:
       * once more with a helper of its own. */
      if (!adopted || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
      reap (self);
      if (!launch (self, FALSE, &adopted, error) ||
          !call (self, &request, G_STRUCT_OFFSET (RpHelperRequest, query), self->doc_fd, &reply, &blob_fd, NULL,
                 error))
        return FALSE;
    }
  if (reply.n_items > 0 && blob_fd >= 0 && reply.blob_size == reply.n_items * 2 * sizeof (double))
    {
      double *data = rp_helper_blob_map (blob_fd, reply.blob_size, error);

      close (blob_fd);
      if (data == NULL)
        return FALSE;
      sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), reply.n_items * 2);
      g_array_append_vals (sizes, data, reply.n_items * 2);
      munmap (data, reply.blob_size);
    }
  else
    {
      if (blob_fd >= 0)
        close (blob_fd);
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "The page-drawing helper answered the opening badly");
      return FALSE;
    }
  /* A restarted helper must see the document the pages were laid out for. */
  if (self->sizes != NULL &&
      (self->sizes->len != sizes->len || memcmp (self->sizes->data, sizes->data, sizes->len * sizeof (double)) != 0))
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The document changed while it was open");
      return FALSE;
    }
  if (self->sizes == NULL)
    self->sizes = g_steal_pointer (&sizes);
  return TRUE;
}

/* A helper with the document open, started if none runs; a failed start
 * is reaped. */
static gboolean
ensure_started (RpRenderHelper *self,
                GError        **error)
{
  if (self->sock >= 0)
    return TRUE;
  if (start (self, error))
    return TRUE;
  reap (self);
  return FALSE;
}

typedef struct
{
  int     sock;
  guint32 id;
} CancelData;

/* Whichever thread cancels: asks the helper to drop the request. */
static void
send_cancel (GCancellable *cancellable,
             CancelData   *data)
{
  RpHelperRequest request = { .op = RP_HELPER_OP_CANCEL, .id = data->id };

  rp_helper_send (data->sock, &request, G_STRUCT_OFFSET (RpHelperRequest, query), -1, NULL);
}

/* One request and its answer. A helper that died on it is reaped and the
 * error says how it died; the next call starts another. */
static gboolean
call (RpRenderHelper  *self,
      RpHelperRequest *request,
      gsize            request_len,
      int              fd_to_pass,
      RpHelperReply   *reply,
      int             *blob_fd,
      GCancellable    *cancellable,
      GError         **error)
{
  CancelData cancel_data;
  gulong handler = 0;
  gssize n;

  *blob_fd = -1;
  if (request->op != RP_HELPER_OP_OPEN && !ensure_started (self, error))
    return FALSE;
  request->id = ++self->next_id;
  if (!rp_helper_send (self->sock, request, request_len, fd_to_pass, NULL))
    {
      g_propagate_error (error, gone (self));
      return FALSE;
    }
  cancel_data.sock = self->sock;
  cancel_data.id = request->id;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (send_cancel), &cancel_data, NULL);
  do
    {
      if (*blob_fd >= 0)
        close (*blob_fd);
      *blob_fd = -1;
      if (!wait_readable (self))
        {
          g_cancellable_disconnect (cancellable, handler);
          reap (self);
          g_set_error (error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT,
                       "The document took longer than %g s to answer and its helper was stopped",
                       self->time_limit_ms / 1000.0);
          return FALSE;
        }
      n = rp_helper_recv (self->sock, reply, sizeof *reply, blob_fd, 0);
    }
  while (n == sizeof *reply && reply->id != request->id);
  /* Waits for a cancel handler running on another thread to finish. */
  g_cancellable_disconnect (cancellable, handler);

  if (n != sizeof *reply)
    {
      if (*blob_fd >= 0)
        close (*blob_fd);
      *blob_fd = -1;
      g_propagate_error (error, gone (self));
      return FALSE;
    }
  switch (reply->status)
    {
    case RP_HELPER_STATUS_OK:
      return TRUE;
    case RP_HELPER_STATUS_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The request was cancelled");
      break;
    default:
      reply->message[sizeof reply->message - 1] = '\0';
      g_set_error_literal (error, RP_ERROR, reply->error_code, reply->message);
      break;
    }
  if (*blob_fd >= 0)
    close (*blob_fd);
  *blob_fd = -1;
  return FALSE;
}

GArray *
rp_render_helper_open (RpRenderHelper *self,
                       GError        **error)
{
  return ensure_started (self, error) ? g_array_ref (self->sizes) : NULL;
}

static const cairo_user_data_key_t slot_key;

cairo_surface_t *
rp_render_helper_render_page (RpRenderHelper *self,
                              guint           page,
                              int             width_px,
                              GCancellable   *cancellable,
                              GError        **error)
{
  RpHelperRequest request = { .op = RP_HELPER_OP_RENDER, .page = page, .width = width_px, .passed_fd = -1 };
  RpHelperReply reply;
  SlotUse *use;
  Slot *slot;
  cairo_surface_t *surface;
  int blob_fd, height, stride;
  guint helper_n;
  gsize size;

  if (!ensure_started (self, error))
    return NULL;
  /* The size the helper must answer with, from the document's layout. */
  if (page >= self->sizes->len / 2)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The document has no page %u", page + 1);
      return NULL;
    }
  if (!rp_page_pixel_size (page, g_array_index (self->sizes, double, 2 * page),
                           g_array_index (self->sizes, double, 2 * page + 1), width_px, &height, error))
    return NULL;
  stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width_px);
  size = (gsize) stride * (gsize) height;
  if ((use = slot_take (self->slots, size, error)) == NULL)
    return NULL;
  slot = slot_of (use);
  helper_n = rp_render_helper_get_n_started (self);
  request.slot = use->index;
  if (!call (self, &request, G_STRUCT_OFFSET (RpHelperRequest, query), slot->sent_to == helper_n ? -1 : slot->fd,
             &reply, &blob_fd, cancellable, error))
    {
      slot_use_free (use);
      return NULL;
    }
  if (blob_fd >= 0)
    close (blob_fd);
  /* The helper mapped it (a new helper started by call() did not get it:
   * then the answer is an error). */
  slot->sent_to = helper_n;
  if (reply.slots_forgotten)
    {
      for (guint i = 0; i < RP_HELPER_MAX_SLOTS; i++)
        if (&self->slots->slots[i] != slot)
          self->slots->slots[i].sent_to = 0;
    }
  /* The helper is not trusted with the client's memory: a page is only
   * ever the size asked for. */
  if (reply.width != width_px || reply.height != height || reply.stride != stride || reply.blob_size != size)
    {
      slot_use_free (use);
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "The page-drawing helper sent a page of the wrong size");
      return NULL;
    }
  /* The pixels stay where the helper drew them: the slot is free again
   * when the surface goes. */
  surface = cairo_image_surface_create_for_data (slot->data, CAIRO_FORMAT_ARGB32, width_px, height, stride);
  if (cairo_surface_set_user_data (surface, &slot_key, use, (cairo_destroy_func_t) slot_use_free) !=
      CAIRO_STATUS_SUCCESS)
    {
      slot_use_free (use);
      cairo_surface_destroy (surface);
      g_set_error_literal (error, RP_ERROR, RP_ERROR_RENDER_LIMIT, "The page could not be kept in memory");
      return NULL;
    }
  return surface;
}

/* Requesting thread: the blob of a successful answer copied out, or NULL
 * when it had none. */
static GBytes *
read_blob (const RpHelperReply *reply,
           int                  blob_fd,
           GError             **error)
{
  void *data;
  GBytes *bytes;

  if (blob_fd < 0)
    {
      if (reply->blob_size > 0)
        g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "The page-drawing helper's answer lost its data");
      return reply->blob_size > 0 ? NULL : g_bytes_new (NULL, 0);
    }
  data = rp_helper_blob_map (blob_fd, reply->blob_size, error);
  close (blob_fd);
  if (data == NULL)
    return NULL;
  bytes = g_bytes_new (data, reply->blob_size);
  munmap (data, reply->blob_size);
  return bytes;
}

GPtrArray *
rp_render_helper_get_links (RpRenderHelper *self,
                            guint           page,
                            GError        **error)
{
  RpHelperRequest request = { .op = RP_HELPER_OP_LINKS, .page = page };
  RpHelperReply reply;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_link_free);
  const guint8 *p, *end;
  gsize size;
  int blob_fd;

  if (!call (self, &request, G_STRUCT_OFFSET (RpHelperRequest, query), -1, &reply, &blob_fd, NULL, error) ||
      (bytes = read_blob (&reply, blob_fd, error)) == NULL)
    return NULL;
  p = g_bytes_get_data (bytes, &size);
  end = p + size;
  for (guint i = 0; i < reply.n_items; i++)
    {
      RpHelperLink record;
      RpLink *link;

      if ((gsize) (end - p) < sizeof record)
        break;
      memcpy (&record, p, sizeof record);
      p += sizeof record;
      if (record.uri_len > (gsize) (end - p) || record.kind < RP_LINK_GOTO || record.kind > RP_LINK_OTHER)
        break;
      link = g_new0 (RpLink, 1);
      link->area = (RpPageRect) { record.x1, record.y1, record.x2, record.y2 };
      link->kind = record.kind;
      link->dest_page = record.dest_page;
      link->dest_top = record.dest_top;
      link->uri = record.uri_len > 0 ? g_strndup ((const char *) p, record.uri_len) : NULL;
      p += record.uri_len;
      g_ptr_array_add (links, link);
    }
  return g_steal_pointer (&links);
}

GArray *
rp_render_helper_find_text (RpRenderHelper *self,
                            guint           page,
                            const char     *query,
                            GError        **error)
{
  RpHelperRequest request = { .op = RP_HELPER_OP_FIND, .page = page };
  RpHelperReply reply;
  g_autoptr(GBytes) bytes = NULL;
  GArray *hits;
  gsize len = strlen (query), size;
  const void *data;
  int blob_fd;

  if (len >= sizeof request.query)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY, "The text to find is too long (%zu bytes)", len);
      return NULL;
    }
  memcpy (request.query, query, len + 1);
  if (!call (self, &request, G_STRUCT_OFFSET (RpHelperRequest, query) + len + 1, -1, &reply, &blob_fd, NULL, error) ||
      (bytes = read_blob (&reply, blob_fd, error)) == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  hits = g_array_sized_new (FALSE, FALSE, sizeof (RpPageRect), size / sizeof (RpPageRect));
  g_array_append_vals (hits, data, MIN (reply.n_items, size / sizeof (RpPageRect)));
  return hits;
}

char *
rp_render_helper_get_text (RpRenderHelper *self,
                           guint           page,
                           GError        **error)
{
  RpHelperRequest request = { .op = RP_HELPER_OP_TEXT, .page = page };
  RpHelperReply reply;
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size;
  int blob_fd;

  if (!call (self, &request, G_STRUCT_OFFSET (RpHelperRequest, query), -1, &reply, &blob_fd, NULL, error) ||
      (bytes = read_blob (&reply, blob_fd, error)) == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}
