/* test-render-helper.c — readingpoint-render-helper and its client: the
 * same pixels as poppler in-process, sealed shared memory, a helper killed
 * mid-page, cancellation, the memory limit and the seccomp filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rp-core.h"
#include "rp-render-child.h"
#include "rp-render-helper-client.h"
#include "rp-render-helper-protocol.h"
#include "rp-test-pdfs.h"
#include "rp-test-util.h"

static char *pdf_dir;

static char *
pdf_path (const char *name)
{
  return g_build_filename (pdf_dir, name, NULL);
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a);
  int w = cairo_image_surface_get_width (a);

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    {
      const guint8 *ra = cairo_image_surface_get_data (a) + (gsize) y * cairo_image_surface_get_stride (a);
      const guint8 *rb = cairo_image_surface_get_data (b) + (gsize) y * cairo_image_surface_get_stride (b);

      if (memcmp (ra, rb, (gsize) w * 4) != 0)
        g_error ("row %d differs between the helper and in-process poppler", y);
    }
}

static guint
count_ink (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint ink = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      if (data[(gsize) y * stride + x * 4] < 128)
        ink++;
  return ink;
}

/* The helper draws exactly what poppler draws in-process: text in a font
 * fontconfig substitutes after the filter is in (good.pdf's Helvetica), and
 * a demo page typeset in Noto CJK. */
static void
test_pixels_match_in_process (void)
{
  g_autofree char *good = pdf_path ("good.pdf");
  g_autofree char *demo = NULL;
  const char *paths[2] = { good, NULL };

  if (rp_test_demo_dir () != NULL)
    paths[1] = demo = g_build_filename (rp_test_demo_dir (), "files", "finance-2026-budget.pdf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paths) && paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpDocument) document = rp_document_open (paths[i], &error);
      RpRenderHelper *helper = rp_render_helper_new (paths[i], RP_CHILD_DEFAULT_MEMORY);
      g_autoptr(GArray) sizes = rp_render_helper_open (helper, &error);
      cairo_surface_t *local, *remote;

      g_assert_no_error (error);
      g_assert_cmpuint (sizes->len / 2, ==, rp_document_get_n_pages (document));
      local = rp_document_render_page (document, 0, 1224, &error);
      g_assert_no_error (error);
      remote = rp_render_helper_render_page (helper, 0, 1224, NULL, &error);
      g_assert_no_error (error);
      assert_same_pixels (local, remote);
      g_test_message ("%s: %u dark pixels, identical", paths[i], count_ink (remote));
      g_assert_cmpuint (count_ink (remote), >, 1000);
      cairo_surface_destroy (local);
      cairo_surface_destroy (remote);
      rp_render_helper_free (helper);
    }
}

/* Links, find and text come through the helper as poppler gives them. */
static void
test_links_find_text (void)
{
  g_autofree char *good = pdf_path ("good.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDocument) document = rp_document_open (good, &error);
  RpRenderHelper *helper = rp_render_helper_new (good, 0);
  g_autoptr(GPtrArray) local = rp_document_get_links (document, 0);
  g_autoptr(GPtrArray) remote = rp_render_helper_get_links (helper, 0, &error);
  g_autoptr(GArray) hits = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (remote->len, ==, 3);
  g_assert_cmpuint (remote->len, ==, local->len);
  for (guint i = 0; i < local->len; i++)
    {
      RpLink *a = g_ptr_array_index (local, i), *b = g_ptr_array_index (remote, i);

      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpint (a->dest_page, ==, b->dest_page);
      g_assert_cmpfloat (a->area.y1, ==, b->area.y1);
      g_assert_cmpstr (a->uri, ==, b->uri);
    }
  hits = rp_render_helper_find_text (helper, 2, "disclosure report", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  text = rp_render_helper_get_text (helper, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Page 1 of 8"));
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 1);
  rp_render_helper_free (helper);
}

/* Sends a RENDER of page @page, @width px wide, into slot @slot (passing
 * @slot_fd when >= 0); the reply. */
static RpHelperReply
raw_render (int     sock,
            guint32 id,
            guint   page,
            guint32 slot,
            int     slot_fd)
{
  RpHelperRequest request = { .op = RP_HELPER_OP_RENDER, .id = id, .page = page, .width = 300, .slot = slot };
  RpHelperReply reply = { 0 };
  g_autoptr(GError) error = NULL;
  int blob_fd;

  g_assert_true (rp_helper_send (sock, &request, sizeof request, slot_fd, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rp_helper_recv (sock, &reply, sizeof reply, &blob_fd, 0), ==, sizeof reply);
  g_assert_cmpuint (reply.id, ==, id);
  /* Pixels come in the slot, never with a descriptor of their own. */
  g_assert_cmpint (blob_fd, <, 0);
  return reply;
}

/* The dark pixels of page @height px high in @data. */
static guint
count_slot_ink (void *data,
                int   height)
{
  cairo_surface_t *surface = cairo_image_surface_create_for_data (
    data, CAIRO_FORMAT_ARGB32, 300, height, cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, 300));
  guint ink = count_ink (surface);

  cairo_surface_destroy (surface);
  return ink;
}

/* The raw protocol: answers with data of their own come in a memfd sealed
 * against writing, growing and shrinking, which cannot be mapped writable;
 * pages are drawn into a slot of the client's that cannot be resized,
 * mapped by the helper once and reused; a slot that could be resized, or
 * none, is refused without harm to the helper. */
static void
test_memfd_sealed (void)
{
  g_autofree char *good = pdf_path ("good.pdf");
  const char *argv[] = { rp_render_helper_program (), "--fd=3", NULL };
  RpHelperRequest request = { .op = RP_HELPER_OP_OPEN, .id = 1 };
  RpHelperReply reply = { 0 };
  g_autoptr(GError) error = NULL;
  int sv[2], target = 3, doc_fd, blob_fd, seals, status, height, slot_fd, loose_fd;
  const double *sizes;
  void *slot_data;
  gsize size;
  guint ink1, ink2;
  GPid pid;

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), ==, 0);
  g_assert_true (g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                                   -1, -1, -1, &sv[1], &target, 1, &pid, NULL, NULL, NULL,
                                                   &error));
  g_assert_no_error (error);
  close (sv[1]);
  doc_fd = open (good, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (doc_fd, >=, 0);
  g_assert_true (rp_helper_send (sv[0], &request, sizeof request, doc_fd, &error));
  close (doc_fd);
  g_assert_cmpint (rp_helper_recv (sv[0], &reply, sizeof reply, &blob_fd, 0), ==, sizeof reply);
  g_assert_cmpuint (reply.status, ==, RP_HELPER_STATUS_OK);
  g_assert_cmpuint (reply.n_items, ==, 8);
  g_assert_cmpint (blob_fd, >=, 0);
  seals = fcntl (blob_fd, F_GET_SEALS);
  g_assert_cmpint (seals & (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE), ==,
                   F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
  g_assert_true (mmap (NULL, reply.blob_size, PROT_READ | PROT_WRITE, MAP_SHARED, blob_fd, 0) == MAP_FAILED);
  g_assert_cmpint (ftruncate (blob_fd, 0), !=, 0);
  sizes = rp_helper_blob_map (blob_fd, reply.blob_size, &error);
  g_assert_no_error (error);
  g_assert_true (rp_page_pixel_size (0, sizes[0], sizes[1], 300, &height, &error));
  g_assert_no_error (error);
  munmap ((void *) sizes, reply.blob_size);
  close (blob_fd);
  size = (gsize) cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, 300) * (gsize) height;

  /* No slot, and a slot that could be resized under the helper: refused. */
  reply = raw_render (sv[0], 2, 0, 0, -1);
  g_assert_cmpuint (reply.status, ==, RP_HELPER_STATUS_ERROR);
  loose_fd = memfd_create ("loose", MFD_CLOEXEC);
  g_assert_cmpint (ftruncate (loose_fd, (off_t) size), ==, 0);
  reply = raw_render (sv[0], 3, 0, 0, loose_fd);
  g_assert_cmpuint (reply.status, ==, RP_HELPER_STATUS_ERROR);
  g_assert_nonnull (strstr (reply.message, "resized"));
  close (loose_fd);

  /* A slot: drawn into, then reused for the next page without being sent
   * again. It cannot be resized by anyone. */
  slot_fd = rp_helper_slot_new (size, &slot_data, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (slot_fd, 0), !=, 0);
  reply = raw_render (sv[0], 4, 0, 2, slot_fd);
  g_assert_cmpuint (reply.status, ==, RP_HELPER_STATUS_OK);
  g_assert_cmpint (reply.height, ==, height);
  g_assert_cmpuint (reply.blob_size, ==, size);
  ink1 = count_slot_ink (slot_data, height);
  g_assert_cmpuint (ink1, >, 0);
  g_assert_cmpuint (ink1, <, size / 8);
  reply = raw_render (sv[0], 5, 1, 2, -1);
  g_assert_cmpuint (reply.status, ==, RP_HELPER_STATUS_OK);
  ink2 = count_slot_ink (slot_data, height);
  g_assert_cmpuint (ink2, >, 0);
  g_assert_cmpuint (ink2, !=, ink1);
  /* The same page again: the earlier page is painted over, not drawn on. */
  reply = raw_render (sv[0], 6, 0, 2, -1);
  g_assert_cmpuint (count_slot_ink (slot_data, height), ==, ink1);
  munmap (slot_data, size);
  close (slot_fd);

  /* Closing our end ends the helper. */
  close (sv[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Pages come back in the client's slots: a page still held is never drawn
 * over by the next (more pages held than there are slots: the rest are
 * drawn in memory of their own), a released slot is reused, a restarted
 * helper is given the slots again, and nothing is left open afterwards. */
static void
test_slots_keep_held_pages (void)
{
  g_autofree char *good = pdf_path ("good.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDocument) document = rp_document_open (good, &error);
  guint fds_before = rp_test_count_fds ();
  RpRenderHelper *helper = rp_render_helper_new (good, RP_CHILD_DEFAULT_MEMORY);
  cairo_surface_t *held[2 * 8], *local, *again;
  const int widths[2] = { 612, 700 };

  g_assert_no_error (error);
  /* 16 pages held at once: twice as many as the helper's slots. */
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    {
      held[i] = rp_render_helper_render_page (helper, i % 8, widths[i / 8], NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    {
      local = rp_document_render_page (document, i % 8, widths[i / 8], &error);
      g_assert_no_error (error);
      assert_same_pixels (local, held[i]);
      cairo_surface_destroy (local);
    }
  /* Released, then drawn again into the slots just freed. */
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    cairo_surface_destroy (held[i]);
  for (guint i = 0; i < 8; i++)
    {
      held[i] = rp_render_helper_render_page (helper, 7 - i, 612, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 8; i++)
    {
      local = rp_document_render_page (document, 7 - i, 612, &error);
      assert_same_pixels (local, held[i]);
      cairo_surface_destroy (local);
      cairo_surface_destroy (held[i]);
    }
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 1);

  /* A new helper process has none of the slots mapped: they are sent to it. */
  g_assert_cmpint (kill (rp_render_helper_get_pid (helper), SIGKILL), ==, 0);
  g_assert_null (rp_render_helper_render_page (helper, 1, 612, NULL, &error));
  g_clear_error (&error);
  again = rp_render_helper_render_page (helper, 2, 612, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 2);
  local = rp_document_render_page (document, 2, 612, &error);
  assert_same_pixels (local, again);
  cairo_surface_destroy (local);

  /* A surface outliving its helper keeps its pixels; then all is closed. */
  rp_render_helper_free (helper);
  g_assert_cmpuint (count_ink (again), >, 1000);
  cairo_surface_destroy (again);
  g_assert_cmpuint (rp_test_count_fds (), ==, fds_before);
}

typedef struct
{
  RpRenderHelper  *helper;
  guint            page;
  GCancellable    *cancellable;
  cairo_surface_t *surface;
  GError          *error;
  gboolean         done;
} RenderCall;

static gpointer
render_thread (gpointer data)
{
  RenderCall *call = data;

  call->surface = rp_render_helper_render_page (call->helper, call->page, 1224, call->cancellable, &call->error);
  g_atomic_int_set (&call->done, TRUE);
  return NULL;
}

static gboolean
call_done (gpointer data)
{
  return g_atomic_int_get (&((RenderCall *) data)->done);
}

/* Starts drawing slow.pdf's page 1 (seconds of work) on a thread and
 * returns once the helper is busy with it. */
static GThread *
start_slow_render (RpRenderHelper *helper,
                   RenderCall     *call,
                   RpTestCpuWatch       *watch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = rp_render_helper_open (helper, &error);

  g_assert_no_error (error);
  call->helper = helper;
  rp_test_cpu_watch_start (watch, rp_render_helper_get_pid (helper));
  return g_thread_new ("render", render_thread, call);
}

static void
test_killed_mid_render (void)
{
  g_autofree char *slow = pdf_path ("slow.pdf");
  RpRenderHelper *helper = rp_render_helper_new (slow, 0);
  RenderCall call = { 0 };
  RpTestCpuWatch watch;
  GThread *thread = start_slow_render (helper, &call, &watch);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *next;

  rp_test_wait_until (rp_test_cpu_grew, &watch, 60, "the helper drawing the slow page");
  kill (watch.pid, SIGKILL);
  g_thread_join (thread);
  g_test_message ("%s", call.error ? call.error->message : "drawn");
  g_assert_null (call.surface);
  g_assert_error (call.error, RP_ERROR, RP_ERROR_RENDER_LIMIT);
  g_assert_nonnull (strstr (call.error->message, "killed"));
  g_clear_error (&call.error);
  g_assert_true (rp_test_pid_gone (watch.pid));

  /* The next page starts a fresh helper on the same document. */
  next = rp_render_helper_render_page (helper, 1, 400, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 2);
  g_assert_cmpint (rp_render_helper_get_pid (helper), !=, watch.pid);
  cairo_surface_destroy (next);
  rp_render_helper_free (helper);
}

/* A helper started ahead of need is adopted by the next document; one that
 * died while it waited costs that document nothing; the spare goes when
 * dropped. */
static void
test_spare_adopted (void)
{
  g_autofree char *good = pdf_path ("good.pdf");
  RpRenderHelper *helper = rp_render_helper_new (good, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = NULL;
  cairo_surface_t *page;
  GPid spare;

  rp_render_helper_prestart (0);
  spare = rp_render_helper_get_spare_pid ();
  g_assert_cmpint (spare, >, 0);
  rp_render_helper_prestart (0); /* one at a time */
  g_assert_cmpint (rp_render_helper_get_spare_pid (), ==, spare);
  sizes = rp_render_helper_open (helper, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sizes->len, >, 0);
  g_assert_cmpint (rp_render_helper_get_pid (helper), ==, spare);
  g_assert_cmpint (rp_render_helper_get_spare_pid (), ==, 0);
  page = rp_render_helper_render_page (helper, 0, 400, NULL, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (page);
  rp_render_helper_free (helper);
  g_assert_true (rp_test_pid_gone (spare));

  /* A spare that died while it waited: the document opens in a new one. */
  helper = rp_render_helper_new (good, 0);
  rp_render_helper_prestart (0);
  spare = rp_render_helper_get_spare_pid ();
  kill (spare, SIGKILL);
  page = rp_render_helper_render_page (helper, 0, 400, NULL, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (page);
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 2);
  g_assert_cmpint (rp_render_helper_get_pid (helper), !=, spare);
  rp_render_helper_free (helper);

  /* Another memory limit is not adopted; dropping ends the spare. */
  rp_render_helper_prestart (RP_CHILD_DEFAULT_MEMORY);
  spare = rp_render_helper_get_spare_pid ();
  helper = rp_render_helper_new (good, 0);
  g_clear_pointer (&sizes, g_array_unref);
  sizes = rp_render_helper_open (helper, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rp_render_helper_get_pid (helper), !=, spare);
  g_assert_cmpint (rp_render_helper_get_spare_pid (), ==, spare);
  rp_render_helper_free (helper);
  rp_render_helper_drop_spare ();
  g_assert_cmpint (rp_render_helper_get_spare_pid (), ==, 0);
  g_assert_true (rp_test_pid_gone (spare));
}

/* A CANCEL by request id: the answer is dropped, the helper lives on. */
static void
test_cancel_by_id (void)
{
  g_autofree char *slow = pdf_path ("slow.pdf");
  RpRenderHelper *helper = rp_render_helper_new (slow, 0);
  RenderCall call = { .cancellable = g_cancellable_new () };
  RpTestCpuWatch watch;
  GThread *thread = start_slow_render (helper, &call, &watch);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *next;

  rp_test_wait_until (rp_test_cpu_grew, &watch, 60, "the helper drawing the slow page");
  g_cancellable_cancel (call.cancellable);
  rp_test_wait_until (call_done, &call, 120, "the cancelled page's answer");
  g_thread_join (thread);
  g_assert_null (call.surface);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&call.error);
  g_object_unref (call.cancellable);

  next = rp_render_helper_render_page (helper, 1, 400, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 1);
  g_assert_cmpint (rp_render_helper_get_pid (helper), ==, watch.pid);
  cairo_surface_destroy (next);
  rp_render_helper_free (helper);
}

/* Shutting down from another thread (the render queue's time limit, or
 * leaving the document) ends the helper mid-page and starts no other. */
static void
test_shut_down_mid_render (void)
{
  g_autofree char *slow = pdf_path ("slow.pdf");
  RpRenderHelper *helper = rp_render_helper_new (slow, 0);
  RenderCall call = { 0 };
  RpTestCpuWatch watch;
  GThread *thread = start_slow_render (helper, &call, &watch);
  g_autoptr(GError) error = NULL;

  rp_test_wait_until (rp_test_cpu_grew, &watch, 60, "the helper drawing the slow page");
  rp_render_helper_shut_down (helper);
  g_thread_join (thread);
  g_assert_null (call.surface);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&call.error);
  g_assert_true (rp_test_pid_gone (watch.pid));
  g_assert_null (rp_render_helper_render_page (helper, 1, 400, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 1);
  rp_render_helper_free (helper);
}

/* Without a watchdog of its own, a caller gives the client a time limit: a
 * page over it kills the helper; the next page gets a fresh one. */
static void
test_time_limit (void)
{
  g_autofree char *slow = pdf_path ("slow.pdf");
  RpRenderHelper *helper = rp_render_helper_new (slow, 0);
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  GPid first;

  /* Opening is quick; the time limit starts with drawing. */
  sizes = rp_render_helper_open (helper, &error);
  g_assert_no_error (error);
  first = rp_render_helper_get_pid (helper);
  rp_render_helper_set_time_limit (helper, 300);
  surface = rp_render_helper_render_page (helper, 0, 1224, NULL, &error);
  g_assert_null (surface);
  g_assert_error (error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT);
  g_clear_error (&error);
  g_assert_true (rp_test_pid_gone (first));

  rp_render_helper_set_time_limit (helper, 0);
  surface = rp_render_helper_render_page (helper, 1, 400, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 2);
  cairo_surface_destroy (surface);
  rp_render_helper_free (helper);
}

static guint64
own_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6, NULL, 10);
}

/* A page bigger than the helper's memory limit fails there; the kiosk's
 * own memory does not grow by it, and the helper draws the next page. */
static void
test_memory_limit (void)
{
  g_autofree char *good = pdf_path ("good.pdf");
  RpRenderHelper *helper;
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  guint64 rss_before;

  if (!rp_child_can_limit_memory ())
    {
      g_test_skip ("RLIMIT_AS cannot be used under AddressSanitizer");
      return;
    }
  helper = rp_render_helper_new (good, 160 << 20);
  sizes = rp_render_helper_open (helper, &error);
  g_assert_no_error (error);
  rss_before = own_rss_kib ();
  /* 7000 × 9059 pixels: 254 MB, over the 160 MiB limit. */
  surface = rp_render_helper_render_page (helper, 0, 7000, NULL, &error);
  g_test_message ("%s", error ? error->message : "drawn");
  g_assert_null (surface);
  g_assert_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT);
  g_clear_error (&error);
  g_assert_cmpuint (own_rss_kib (), <, rss_before + 32 * 1024);

  surface = rp_render_helper_render_page (helper, 1, 800, NULL, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (surface);
  rp_render_helper_free (helper);
}

/* A forbidden system call while drawing (as an exploited poppler would
 * make) kills the helper: that page's error says so, and the next page is
 * drawn by a fresh helper. */
static void
test_forbidden_call_fails_page (void)
{
  g_autofree char *good = pdf_path ("good.pdf");
  RpRenderHelper *helper;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  g_setenv ("RP_RENDER_HELPER_TEST_SYSCALL_PAGE", "2", TRUE);
  helper = rp_render_helper_new (good, 0);
  surface = rp_render_helper_render_page (helper, 1, 400, NULL, &error);
  g_unsetenv ("RP_RENDER_HELPER_TEST_SYSCALL_PAGE");
  g_test_message ("%s", error ? error->message : "drawn");
  g_assert_null (surface);
  g_assert_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT);
  g_assert_nonnull (strstr (error->message, "forbidden system call"));
  g_clear_error (&error);

  surface = rp_render_helper_render_page (helper, 0, 400, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_render_helper_get_n_started (helper), ==, 2);
  cairo_surface_destroy (surface);
  rp_render_helper_free (helper);
}

/* The real filter, installed by the helper itself: each forbidden call
 * kills the process with SIGSYS; reading a file is still allowed. */
static void
test_seccomp (gconstpointer data)
{
  const char *call = data;
  g_autofree char *arg = g_strdup_printf ("--test-seccomp=%s", call);
  const char *argv[] = { rp_render_helper_program (), arg, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  if (g_str_equal (call, "open-read"))
    {
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      return;
    }
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGSYS);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pdf_dir = rp_test_make_pdfs ("pdfs");

  g_test_add_func ("/ReadingPoint/RenderHelper/pixels-match-in-process", test_pixels_match_in_process);
  g_test_add_func ("/ReadingPoint/RenderHelper/links-find-text", test_links_find_text);
  g_test_add_func ("/ReadingPoint/RenderHelper/memfd-sealed", test_memfd_sealed);
  g_test_add_func ("/ReadingPoint/RenderHelper/slots-keep-held-pages", test_slots_keep_held_pages);
  g_test_add_func ("/ReadingPoint/RenderHelper/killed-mid-render", test_killed_mid_render);
  g_test_add_func ("/ReadingPoint/RenderHelper/spare-adopted", test_spare_adopted);
  g_test_add_func ("/ReadingPoint/RenderHelper/cancel-by-id", test_cancel_by_id);
  g_test_add_func ("/ReadingPoint/RenderHelper/shut-down-mid-render", test_shut_down_mid_render);
  g_test_add_func ("/ReadingPoint/RenderHelper/time-limit", test_time_limit);
  g_test_add_func ("/ReadingPoint/RenderHelper/memory-limit", test_memory_limit);
  g_test_add_func ("/ReadingPoint/RenderHelper/forbidden-call-fails-page", test_forbidden_call_fails_page);
  g_test_add_data_func ("/ReadingPoint/RenderHelper/seccomp/socket-kills", "socket", test_seccomp);
  g_test_add_data_func ("/ReadingPoint/RenderHelper/seccomp/open-write-kills", "open-write", test_seccomp);
  g_test_add_data_func ("/ReadingPoint/RenderHelper/seccomp/unlink-kills", "unlink", test_seccomp);
  g_test_add_data_func ("/ReadingPoint/RenderHelper/seccomp/exec-kills", "exec", test_seccomp);
  g_test_add_data_func ("/ReadingPoint/RenderHelper/seccomp/open-read-allowed", "open-read", test_seccomp);

  status = g_test_run ();
  g_free (pdf_dir);
  return status;
}
