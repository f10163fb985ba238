/* rp-preview-prefetch.c — the preview of the document a resident is about
 * to open, decoded while they read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document's first page is on screen at once because its preview was
 * drawn at install (rp-preview-cache.c): a PNG 1280 px wide, which takes
 * 20–50 ms to decode on a kiosk PC. Decoded on the main thread at the
 * tap, it held the tap's first frame back by that much (issue 14's
 * benchmark, bench-open-document). The entry page asks for it here when it
 * shows the document's card; it is decoded on a worker while the resident
 * reads, and the document page takes it at the tap. One at a time: a new
 * request replaces the old, and leaving the entry page drops it, so at
 * most one decoded page (~9 MB) is held, and none after the wipe.
 * A render helper process is started at the same moment
 * (rp_render_helper_prestart) and adopted by the document at the tap; the
 * wipe ends it (rp_visit_reset).
 */
#include "config.h"

#include "rp-preview-prefetch.h"
#include "rp-render-helper-client.h"

static char *slot_path;
static GdkTexture *slot_texture;
static GCancellable *slot_cancellable;

static GObject *
decode_texture (const char *path,
                GError    **error)
{
  /* gdk_texture_new_from_filename is thread-safe (GTK's documentation). */
  g_autoptr(GdkTexture) png = gdk_texture_new_from_filename (path, error);
  g_autoptr(GBytes) bytes = NULL;
  int width, height;
  gsize stride;
  guchar *data;

  if (png == NULL)
    return NULL;
  /* The PNG decodes to 3-byte RGB, which the GL driver converts pixel by
   * pixel when the page is first drawn, in the tap's frame; the 4-byte
   * format GTK draws with natively is converted here instead. */
  width = gdk_texture_get_width (png);
  height = gdk_texture_get_height (png);
  stride = (gsize) width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (png, data, stride);
  bytes = g_bytes_new_take (data, stride * height);
  return (GObject *) gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) texture = rp_image_load_finish (result, &error);

  /* Replaced or dropped meanwhile: the slot is another's now. */
  if (texture == NULL || g_strcmp0 (path, slot_path) != 0 || slot_texture != NULL)
    return;
  slot_texture = GDK_TEXTURE (g_steal_pointer (&texture));
}

void
rp_preview_prefetch_drop (void)
{
  if (slot_cancellable != NULL)
    g_cancellable_cancel (slot_cancellable);
  g_clear_object (&slot_cancellable);
  g_clear_object (&slot_texture);
  g_clear_pointer (&slot_path, g_free);
}

void
rp_preview_prefetch_start (RpAttachment *attachment)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RP_IS_ATTACHMENT (attachment));

  if (rp_attachment_get_kind (attachment) != RP_ATTACHMENT_PDF || rp_attachment_get_broken_reason (attachment) != NULL)
    return;
  /* The helper that will draw it, started now rather than at the tap
   * (with or without a preview to show first; one at a time). */
  rp_render_helper_prestart (RP_CHILD_DEFAULT_MEMORY);
  path = rp_preview_cache_lookup_attachment (attachment);
  if (path == NULL || g_strcmp0 (path, slot_path) == 0)
    return;
  rp_preview_prefetch_drop ();
  slot_path = g_strdup (path);
  slot_cancellable = g_cancellable_new ();
  rp_image_load_async (slot_path, decode_texture, slot_cancellable, decoded_cb, g_steal_pointer (&path));
}

GdkTexture *
rp_preview_prefetch_take (const char *path)
{
  GdkTexture *texture = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_strcmp0 (path, slot_path) == 0)
    texture = g_steal_pointer (&slot_texture);
  rp_preview_prefetch_drop ();
  return texture;
}

GdkTexture *
rp_preview_prefetch_peek (void)
{
  return slot_texture;
}
