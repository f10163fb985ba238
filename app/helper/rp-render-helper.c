/* readingpoint-render-helper — poppler outside the kiosk's process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Started by the kiosk (rp-render-helper-client.c) with one end of a
 * SOCK_SEQPACKET socket pair as descriptor --fd (3), it serves one document
 * at a time: requests and replies as in rp-render-helper-protocol.h, one at
 * a time, in order. It is single-threaded on purpose: poppler is not safe
 * for concurrent use, and a page that hangs is dealt with by the client
 * killing the whole process, not by anything in here.
 *
 * Before reading a byte of a document it limits itself
 * (rp_render_sandbox_prepare: RLIMIT_AS, no core dumps, death with the
 * kiosk) and installs the seccomp filter (rp_render_sandbox_apply: no
 * network, no other programs, no writes to the file system).
 *
 * --test-seccomp=CALL installs the same filter and then makes the
 * forbidden CALL (socket, open-write, unlink, exec): the tests check that
 * the process dies of SIGSYS, on the real filter. With
 * RP_RENDER_HELPER_TEST_SYSCALL_PAGE=N in its environment, drawing page N
 * (from 1) or reading its text attempts socket(): how the tests see a
 * forbidden call reach the kiosk as that page's error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rp-document.h"
#include "rp-error.h"
#include "rp-render-helper-protocol.h"
#include "rp-render-sandbox.h"

typedef struct
{
  int         sock;
  RpDocument *document;
  GQueue      pending;   /* RpHelperRequest read while a CANCEL was looked for */
  GArray     *cancelled; /* guint32 ids */
  /* The client's page slots this process has mapped (writable); data
   * NULL: none. Pages are drawn into them (rp-render-helper-protocol.h). */
  struct
  {
    int   fd;
    void *data;
    gsize size;
  } slots[RP_HELPER_MAX_SLOTS];
  /* Tests only (RP_RENDER_HELPER_TEST_SYSCALL_PAGE): drawing this page
   * (from 1) or reading its text makes a forbidden system call, as an
   * exploited poppler would. */
  guint       test_syscall_page;
} Helper;

static void
fail_reply (RpHelperReply *reply,
            const GError  *error)
{
  reply->status = RP_HELPER_STATUS_ERROR;
  reply->error_code = error->domain == RP_ERROR ? error->code : RP_ERROR_BROKEN_DOCUMENT;
  g_strlcpy (reply->message, error->message, sizeof reply->message);
}

static gboolean
take_cancel (Helper  *helper,
             guint32  id)
{
  for (guint i = 0; i < helper->cancelled->len; i++)
    if (g_array_index (helper->cancelled, guint32, i) == id)
      {
        g_array_remove_index_fast (helper->cancelled, i);
        return TRUE;
      }
  return FALSE;
}

/* Reads whatever the client has sent meanwhile without waiting: CANCELs are
 * noted, other requests kept in order for later. */
static void
drain (Helper *helper)
{
  for (;;)
    {
      RpHelperRequest request = { 0 };
      int fd = -1;
      gssize n = rp_helper_recv (helper->sock, &request, sizeof request, &fd, MSG_DONTWAIT);

      if (n <= 0)
        return;
      if (request.op == RP_HELPER_OP_CANCEL)
        {
          if (fd >= 0)
            close (fd);
          g_array_append_val (helper->cancelled, request.id);
          continue;
        }
      /* A queued OPEN keeps its descriptor with it. */
      {
        RpHelperRequest *copy = g_memdup2 (&request, sizeof request);

        copy->passed_fd = fd;
        g_queue_push_tail (&helper->pending, copy);
      }
    }
}

/* Puts @size bytes from @bytes in a sealed memfd; -1 with @error. */
static int
blob_from (const void *bytes,
           gsize       size,
           GError    **error)
{
  void *data;
  int fd = rp_helper_blob_new (size, &data, error);

  if (fd < 0)
    return -1;
  memcpy (data, bytes, size);
  if (!rp_helper_blob_seal (fd, data, size, error))
    {
      close (fd);
      return -1;
    }
  return fd;
}

static int
do_open (Helper        *helper,
         int            doc_fd,
         RpHelperReply *reply,
         GError       **error)
{
  g_autoptr(GArray) sizes = NULL;

  g_clear_object (&helper->document);
  if (doc_fd < 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "No document was passed to the page-drawing helper");
      return -1;
    }
  helper->document = rp_document_open_fd (doc_fd, error);
  if (helper->document == NULL)
    return -1;
  sizes = rp_document_get_layout (helper->document, error);
  if (sizes == NULL)
    return -1;
  reply->n_items = sizes->len / 2;
  reply->blob_size = sizes->len * sizeof (double);
  return blob_from (sizes->data, reply->blob_size, error);
}

static void
test_hook (Helper *helper,
           guint   page)
{
  if (helper->test_syscall_page == page + 1)
    socket (AF_INET, SOCK_STREAM, 0);
}

static void
forget_slot (Helper *helper,
             guint   slot)
{
  if (helper->slots[slot].data == NULL)
    return;
  munmap (helper->slots[slot].data, helper->slots[slot].size);
  close (helper->slots[slot].fd);
  helper->slots[slot].data = NULL;
  helper->slots[slot].fd = -1;
}

/* The slot @request draws into, mapped: the one passed with it (taking
 * its descriptor), else the one mapped before. When the address space is
 * full, every other slot is forgotten and the client told. */
static void *
slot_for (Helper                *helper,
          RpHelperRequest       *request,
          gsize                  size,
          RpHelperReply         *reply,
          GError               **error)
{
  guint slot = request->slot;
  int fd = request->passed_fd;
  g_autoptr(GError) local_error = NULL;
  void *data;

  request->passed_fd = -1;
  if (slot > RP_HELPER_SLOT_ONCE || (fd < 0 && (slot == RP_HELPER_SLOT_ONCE || helper->slots[slot].data == NULL ||
                                                helper->slots[slot].size != size)))
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "No shared memory of %" G_GSIZE_FORMAT " bytes for slot %u", size,
                   slot);
      return NULL;
    }
  if (fd < 0)
    return helper->slots[slot].data;
  if (slot < RP_HELPER_MAX_SLOTS)
    forget_slot (helper, slot);
  data = rp_helper_slot_map (fd, size, &local_error);
  if (data == NULL && g_error_matches (local_error, RP_ERROR, RP_ERROR_RENDER_LIMIT))
    {
      for (guint i = 0; i < RP_HELPER_MAX_SLOTS; i++)
        forget_slot (helper, i);
      reply->slots_forgotten = 1;
      g_clear_error (&local_error);
      data = rp_helper_slot_map (fd, size, &local_error);
    }
  if (data == NULL)
    {
      close (fd);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (slot == RP_HELPER_SLOT_ONCE)
    close (fd);
  else
    {
      helper->slots[slot].fd = fd;
      helper->slots[slot].data = data;
      helper->slots[slot].size = size;
    }
  return data;
}

static int
do_render (Helper          *helper,
           RpHelperRequest *request,
           RpHelperReply   *reply,
           GError         **error)
{
  cairo_surface_t *surface;
  void *data;
  int height, stride;
  gsize size;
  gboolean drawn;

  test_hook (helper, request->page);
  if (!rp_document_page_pixel_size (helper->document, request->page, request->width, &height, error))
    return -1;
  stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, request->width);
  size = (gsize) stride * (gsize) height;
  if ((data = slot_for (helper, request, size, reply, error)) == NULL)
    return -1;
  /* Drawn straight into the shared memory: the pixels are never copied.
   * The slot's earlier page is painted over with white paper first. */
  surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, request->width, height, stride);
  drawn = rp_document_render_page_to (helper->document, request->page, surface, error);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  if (request->slot == RP_HELPER_SLOT_ONCE)
    munmap (data, size);
  if (!drawn)
    return -1;
  reply->width = request->width;
  reply->height = height;
  reply->stride = stride;
  reply->blob_size = size;
  return -1;
}

static int
do_links (Helper                *helper,
          const RpHelperRequest *request,
          RpHelperReply         *reply,
          GError               **error)
{
  g_autoptr(GPtrArray) links = rp_document_get_links (helper->document, request->page);
  g_autoptr(GByteArray) out = g_byte_array_new ();

  for (guint i = 0; i < links->len; i++)
    {
      RpLink *link = g_ptr_array_index (links, i);
      RpHelperLink record = {
        link->area.x1, link->area.y1, link->area.x2, link->area.y2, link->dest_top,
        link->kind, link->dest_page, link->uri ? (guint32) strlen (link->uri) : 0, 0,
      };

      g_byte_array_append (out, (const guint8 *) &record, sizeof record);
      if (record.uri_len > 0)
        g_byte_array_append (out, (const guint8 *) link->uri, record.uri_len);
    }
  reply->n_items = links->len;
  reply->blob_size = out->len;
  return out->len > 0 ? blob_from (out->data, out->len, error) : -1;
}

static int
do_find (Helper                *helper,
         const RpHelperRequest *request,
         RpHelperReply         *reply,
         GError               **error)
{
  g_autofree char *query = g_strndup (request->query, sizeof request->query);
  g_autoptr(GArray) hits = rp_document_find_text (helper->document, request->page, query);

  reply->n_items = hits->len;
  reply->blob_size = hits->len * sizeof (RpPageRect);
  return hits->len > 0 ? blob_from (hits->data, reply->blob_size, error) : -1;
}

static int
do_text (Helper                *helper,
         const RpHelperRequest *request,
         RpHelperReply         *reply,
         GError               **error)
{
  g_autofree char *text = NULL;

  test_hook (helper, request->page);
  text = rp_document_get_text (helper->document, request->page);
  reply->blob_size = strlen (text);
  return reply->blob_size > 0 ? blob_from (text, reply->blob_size, error) : -1;
}

static void
serve (Helper *helper)
{
  for (;;)
    {
      g_autofree RpHelperRequest *request = g_queue_pop_head (&helper->pending);
      g_autoptr(GError) error = NULL;
      RpHelperReply reply = { 0 };
      int in_fd = -1, out_fd = -1;

      if (request == NULL)
        {
          gssize n;

          request = g_new0 (RpHelperRequest, 1);
          n = rp_helper_recv (helper->sock, request, sizeof *request, &in_fd, 0);
          /* The kiosk closed its end (or is gone): nothing more to do.
           * _exit, so no exit handler runs under the filter. */
          if (n == 0 || (n < 0 && errno != EMSGSIZE))
            _exit (0);
          if (n < 0)
            continue;
          request->passed_fd = in_fd;
        }
      if (request->op == RP_HELPER_OP_CANCEL)
        {
          if (request->passed_fd >= 0)
            close (request->passed_fd);
          g_array_append_val (helper->cancelled, request->id);
          continue;
        }
      reply.op = request->op;
      reply.id = request->id;
      if (take_cancel (helper, request->id))
        {
          reply.status = RP_HELPER_STATUS_CANCELLED;
        }
      else if (request->op != RP_HELPER_OP_OPEN && helper->document == NULL)
        {
          g_set_error_literal (&error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The document is not open");
          fail_reply (&reply, error);
        }
      else
        {
          switch (request->op)
            {
            case RP_HELPER_OP_OPEN:
              out_fd = do_open (helper, request->passed_fd, &reply, &error);
              request->passed_fd = -1;
              break;
            case RP_HELPER_OP_RENDER:
              out_fd = do_render (helper, request, &reply, &error);
              break;
            case RP_HELPER_OP_LINKS:
              out_fd = do_links (helper, request, &reply, &error);
              break;
            case RP_HELPER_OP_FIND:
              out_fd = do_find (helper, request, &reply, &error);
              break;
            case RP_HELPER_OP_TEXT:
              out_fd = do_text (helper, request, &reply, &error);
              break;
            default:
              g_set_error (&error, RP_ERROR, RP_ERROR_IO, "Unknown request %u", request->op);
              break;
            }
          if (error != NULL)
            {
              fail_reply (&reply, error);
              reply.blob_size = 0;
            }
          /* Cancelled while it ran: the answer is dropped, not sent. */
          drain (helper);
          if (take_cancel (helper, request->id))
            {
              reply.status = RP_HELPER_STATUS_CANCELLED;
              reply.blob_size = 0;
              if (out_fd >= 0)
                close (out_fd);
              out_fd = -1;
            }
        }
      /* A descriptor the request came with and nothing took. */
      if (request->passed_fd >= 0)
        close (request->passed_fd);
      /* Cancels of requests already answered are stale. */
      for (guint i = helper->cancelled->len; i-- > 0;)
        if (g_array_index (helper->cancelled, guint32, i) <= request->id)
          g_array_remove_index_fast (helper->cancelled, i);
      if (!rp_helper_send (helper->sock, &reply, sizeof reply, out_fd, NULL))
        _exit (0);
      if (out_fd >= 0)
        close (out_fd);
    }
}

/* Messages go to stderr only, filtered as GLib's default writer does: that
 * writer may open a socket to the journal, which the filter forbids. */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         data)
{
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_standard_streams (level, fields, n_fields, data);
}

static void G_GNUC_NORETURN
test_seccomp (const char *call)
{
  g_autoptr(GError) error = NULL;

  if (!rp_render_sandbox_prepare (0, &error) || !rp_render_sandbox_apply (&error))
    {
      g_printerr ("%s\n", error->message);
      _exit (2);
    }
  if (g_str_equal (call, "socket"))
    socket (AF_INET, SOCK_STREAM, 0);
  else if (g_str_equal (call, "open-write"))
    open ("/dev/null", O_WRONLY);
  else if (g_str_equal (call, "unlink"))
    unlink ("/nonexistent-readingpoint-test");
  else if (g_str_equal (call, "exec"))
    execl ("/bin/true", "true", (char *) NULL);
  else if (g_str_equal (call, "open-read"))
    {
      /* Allowed: what fontconfig does. Exit 0 shows the filter let it be. */
      int fd = open ("/dev/null", O_RDONLY);

      _exit (fd >= 0 ? 0 : 3);
    }
  /* Still alive: the filter let the call through. */
  _exit (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seccomp_call = NULL;
  gint64 memory_mib = 0;
  int fd = 3;
  GOptionEntry entries[] = {
    { "fd", 0, 0, G_OPTION_ARG_INT, &fd, "The socket to the kiosk", "N" },
    { "memory-limit", 0, 0, G_OPTION_ARG_INT64, &memory_mib, "Address-space limit in MiB (0: none)", "MIB" },
    { "test-seccomp", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &seccomp_call, NULL, NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— draws PDF pages for Reading Point");
  Helper helper = { 0 };

  /* stdout is the kiosk's (a test's TAP stream): nothing of ours goes there. */
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  g_log_set_writer_func (write_log, NULL, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("readingpoint-render-helper: %s\n", error->message);
      return 2;
    }
  if (seccomp_call != NULL)
    test_seccomp (seccomp_call);

  if (!rp_render_sandbox_prepare ((guint64) MAX (memory_mib, 0) * 1024 * 1024, &error) ||
      !rp_render_sandbox_apply (&error))
    {
      g_printerr ("readingpoint-render-helper: %s\n", error->message);
      return 1;
    }
  helper.sock = fd;
  for (guint i = 0; i < RP_HELPER_MAX_SLOTS; i++)
    helper.slots[i].fd = -1;
  helper.test_syscall_page = (guint) g_ascii_strtoull (g_getenv ("RP_RENDER_HELPER_TEST_SYSCALL_PAGE") ?: "0", NULL, 10);
  helper.cancelled = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_queue_init (&helper.pending);
  serve (&helper);
  return 0;
}
