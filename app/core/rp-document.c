/* rp-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <poppler.h>

#include "rp-document.h"
#include "rp-error.h"
#include "rp-text-fold.h"

struct _RpDocument
{
  GObject          parent_instance;
  PopplerDocument *document;
  guint            n_pages;
};

G_DEFINE_FINAL_TYPE (RpDocument, rp_document, G_TYPE_OBJECT)

/* poppler-glib 22.12 declares no autoptr for its pages. */
typedef PopplerPage RpPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpPopplerPage, g_object_unref)

static void
rp_document_finalize (GObject *object)
{
  RpDocument *self = RP_DOCUMENT (object);

  g_clear_object (&self->document);

  G_OBJECT_CLASS (rp_document_parent_class)->finalize (object);
}

static void
rp_document_class_init (RpDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_document_finalize;
}

static void
rp_document_init (RpDocument *self)
{
}

void
rp_link_free (RpLink *link)
{
  if (link == NULL)
    return;
  g_free (link->uri);
  g_free (link);
}

/* poppler-glib creates its process-wide GlobalParams with the first
 * document and destroys them with the last. With render workers opening and
 * closing documents on several threads, one thread's last close can
 * destroy them while another thread's open is creating them (a crash seen
 * when a viewer closes one document as a worker opens the next). One
 * document kept open for the life of the process keeps them alive. */
static const char anchor_pdf[] =
  "%PDF-1.4\n"
  "1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
  "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
  "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 10 10]>> endobj\n"
  "trailer <</Root 1 0 R>>\n"
  "%%EOF\n";

void
rp_poppler_keep_initialised (void)
{
  static gsize anchored;

  if (g_once_init_enter (&anchored))
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (anchor_pdf, sizeof anchor_pdf - 1);
      PopplerDocument *anchor = poppler_document_new_from_bytes (bytes, NULL, NULL);

      /* Deliberately never released (see above). */
      if (anchor == NULL)
        g_warning ("poppler could not open its anchor document; closing documents on several threads may crash");
      g_once_init_leave (&anchored, 1);
    }
}

RpDocument *
rp_document_open (const char *path,
                  GError    **error)
{
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "The document could not be read: %s",
                   g_strerror (saved));
      return NULL;
    }
  return rp_document_open_fd (fd, error);
}

RpDocument *
rp_document_open_fd (int      fd,
                     GError **error)
{
  g_autoptr(RpDocument) self = g_object_new (RP_TYPE_DOCUMENT, NULL);
  g_autoptr(GError) local_error = NULL;
  struct stat st;
  int n_pages;

  g_return_val_if_fail (fd >= 0, NULL);

  /* poppler's message for an empty file is "PDF document is damaged"; a
   * zero-byte object is a failed copy, and saying so helps the administrator. */
  if (fstat (fd, &st) == 0 && st.st_size == 0)
    {
      close (fd);
      g_set_error_literal (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The file is empty (0 bytes)");
      return NULL;
    }

  rp_poppler_keep_initialised ();
  /* poppler owns @fd from here, whether it opens the document or not. */
  self->document = poppler_document_new_from_fd (fd, NULL, &local_error);
  if (self->document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, RP_ERROR, RP_ERROR_PROTECTED_DOCUMENT,
                             "The document is protected by a password and cannot be shown");
      else
        g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                     "The document is damaged and cannot be opened (%s)", local_error->message);
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (self->document);
  /* A looping page tree can claim pages poppler then cannot find. */
  if (n_pages > 0)
    {
      PopplerPage *first = poppler_document_get_page (self->document, 0);

      if (first == NULL)
        n_pages = 0;
      g_clear_object (&first);
    }
  if (n_pages <= 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                           "The document has no pages (its page tree is empty or damaged)");
      return NULL;
    }
  self->n_pages = (guint) n_pages;
  return g_steal_pointer (&self);
}

guint
rp_document_get_n_pages (RpDocument *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT (self), 0);
  return self->n_pages;
}

static PopplerPage *
get_page (RpDocument *self,
          guint       index,
          GError    **error)
{
  PopplerPage *page = index < self->n_pages ? poppler_document_get_page (self->document, index) : NULL;

  if (page == NULL && index < self->n_pages)
    g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                 "Page %u is missing from the document's damaged page tree", index + 1);
  else if (page == NULL)
    g_set_error (error, RP_ERROR, RP_ERROR_NOT_FOUND, "The document has no page %u", index + 1);
  return page;
}

gboolean
rp_document_get_page_size (RpDocument *self,
                           guint       index,
                           double     *width_pt,
                           double     *height_pt)
{
  g_autoptr(RpPopplerPage) page = NULL;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), FALSE);

  *width_pt = *height_pt = 0;
  if ((page = get_page (self, index, NULL)) == NULL)
    return FALSE;
  poppler_page_get_size (page, width_pt, height_pt);
  return *width_pt > 0 && *height_pt > 0;
}

static gboolean
check_size (guint    index,
            double   w_pt,
            double   h_pt,
            GError **error)
{
  if (!(w_pt > 0 && h_pt > 0) || w_pt / h_pt > 1000 || h_pt / w_pt > 1000)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                   "Page %u has no usable size (%.0f × %.0f points)", index + 1, w_pt, h_pt);
      return FALSE;
    }
  if (w_pt > RP_DOCUMENT_MAX_PAGE_PT || h_pt > RP_DOCUMENT_MAX_PAGE_PT)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT,
                   "Page %u is %.0f × %.0f cm, larger than any PDF page may be (508 cm)",
                   index + 1, w_pt / 72 * 2.54, h_pt / 72 * 2.54);
      return FALSE;
    }
  return TRUE;
}

/* Page @index's size in points, as poppler gives it. */
static gboolean
page_size_pt (RpDocument *self,
              guint       index,
              double     *w_pt,
              double     *h_pt,
              GError    **error)
{
  g_autoptr(RpPopplerPage) page = get_page (self, index, error);

  if (page == NULL)
    return FALSE;
  poppler_page_get_size (page, w_pt, h_pt);
  return TRUE;
}

gboolean
rp_document_check_page (RpDocument *self,
                        guint       index,
                        GError    **error)
{
  double w_pt, h_pt;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), FALSE);

  return page_size_pt (self, index, &w_pt, &h_pt, error) && check_size (index, w_pt, h_pt, error);
}

gboolean
rp_page_pixel_size (guint    index,
                    double   w_pt,
                    double   h_pt,
                    int      width_px,
                    int     *height_px,
                    GError **error)
{
  double scale;

  if (!check_size (index, w_pt, h_pt, error))
    return FALSE;
  if (width_px <= 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "Page %u has no usable size", index + 1);
      return FALSE;
    }
  scale = width_px / w_pt;
  if (h_pt * scale > RP_DOCUMENT_MAX_EDGE_PX || width_px > RP_DOCUMENT_MAX_EDGE_PX ||
      (double) width_px * h_pt * scale > RP_DOCUMENT_MAX_PIXELS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                   "Page %u is too large to draw at this size", index + 1);
      return FALSE;
    }
  *height_px = MAX (1, (int) (h_pt * scale + 0.5));
  return TRUE;
}

gboolean
rp_document_page_pixel_size (RpDocument *self,
                             guint       index,
                             int         width_px,
                             int        *height_px,
                             GError    **error)
{
  double w_pt, h_pt;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), FALSE);

  return page_size_pt (self, index, &w_pt, &h_pt, error) &&
         rp_page_pixel_size (index, w_pt, h_pt, width_px, height_px, error);
}

gboolean
rp_document_render_page_to (RpDocument      *self,
                            guint            index,
                            cairo_surface_t *surface,
                            GError         **error)
{
  g_autoptr(RpPopplerPage) page = NULL;
  cairo_t *cr;
  double w_pt, h_pt;
  cairo_status_t status;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), FALSE);

  if ((page = get_page (self, index, error)) == NULL)
    return FALSE;
  poppler_page_get_size (page, &w_pt, &h_pt);
  if (!check_size (index, w_pt, h_pt, error))
    return FALSE;

  cr = cairo_create (surface);
  /* Paper is white, drawn on first as pdftocairo does: one pass over the
   * pixels, and whatever @surface held before is gone (the render
   * helper's reused slots). */
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_scale (cr, cairo_image_surface_get_width (surface) / w_pt, cairo_image_surface_get_width (surface) / w_pt);
  poppler_page_render (page, cr);
  /* A hostile file can leave the context in an error state (TESTING.md). */
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "Page %u could not be drawn: %s",
                   index + 1, cairo_status_to_string (status));
      return FALSE;
    }
  cairo_surface_flush (surface);
  return TRUE;
}

cairo_surface_t *
rp_document_render_page (RpDocument *self,
                         guint       index,
                         int         width_px,
                         GError    **error)
{
  cairo_surface_t *surface;
  int height_px;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), NULL);

  if (!rp_document_page_pixel_size (self, index, width_px, &height_px, error))
    return NULL;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width_px, height_px);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT, "Page %u needs more memory than is available",
                   index + 1);
      cairo_surface_destroy (surface);
      return NULL;
    }
  if (!rp_document_render_page_to (self, index, surface, error))
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

GArray *
rp_document_get_layout (RpDocument *self,
                        GError    **error)
{
  g_autoptr(GArray) sizes = NULL;
  g_autoptr(GError) first_error = NULL;
  guint usable = 0;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), NULL);

  sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * self->n_pages);
  for (guint i = 0; i < self->n_pages; i++)
    {
      double wh[2];
      g_autoptr(GError) page_error = NULL;

      rp_document_get_page_size (self, i, &wh[0], &wh[1]);
      if (rp_document_check_page (self, i, &page_error))
        usable++;
      else if (first_error == NULL)
        first_error = g_steal_pointer (&page_error);
      if (!(wh[0] > 0 && wh[1] > 0 && wh[0] <= RP_DOCUMENT_MAX_PAGE_PT && wh[1] <= RP_DOCUMENT_MAX_PAGE_PT))
        wh[0] = 595, wh[1] = 842; /* laid out as A4, drawn as its error */
      g_array_append_vals (sizes, wh, 2);
    }
  /* A document none of whose pages can be drawn is one error, not a column
   * of failed pages. */
  if (usable == 0 && first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }
  return g_steal_pointer (&sizes);
}

char *
rp_document_get_text (RpDocument *self,
                      guint       index)
{
  g_autoptr(RpPopplerPage) page = NULL;
  char *text;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), NULL);

  if ((page = get_page (self, index, NULL)) == NULL)
    return g_strdup ("");
  text = poppler_page_get_text (page);
  return text != NULL ? text : g_strdup ("");
}

GPtrArray *
rp_document_get_links (RpDocument *self,
                       guint       index)
{
  g_autoptr(RpPopplerPage) page = NULL;
  GPtrArray *links = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_link_free);
  GList *mapping;
  double w_pt, h_pt;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), links);

  if ((page = get_page (self, index, NULL)) == NULL)
    return links;
  poppler_page_get_size (page, &w_pt, &h_pt);
  mapping = poppler_page_get_link_mapping (page);
  for (GList *l = mapping; l; l = l->next)
    {
      PopplerLinkMapping *m = l->data;
      RpLink *link = g_new0 (RpLink, 1);

      /* poppler's origin is the bottom left; ours the top left. */
      link->area.x1 = m->area.x1;
      link->area.x2 = m->area.x2;
      link->area.y1 = h_pt - MAX (m->area.y1, m->area.y2);
      link->area.y2 = h_pt - MIN (m->area.y1, m->area.y2);
      link->dest_page = -1;
      link->dest_top = -1;
      link->kind = RP_LINK_OTHER;
      switch (m->action ? m->action->type : POPPLER_ACTION_NONE)
        {
        case POPPLER_ACTION_GOTO_DEST:
          {
            PopplerDest *dest = m->action->goto_dest.dest;
            PopplerDest *named = NULL;

            if (dest != NULL && dest->type == POPPLER_DEST_NAMED)
              dest = named = poppler_document_find_dest (self->document, dest->named_dest);
            if (dest != NULL && dest->page_num >= 1 && (guint) dest->page_num <= self->n_pages)
              {
                double dw, dh;

                link->kind = RP_LINK_GOTO;
                link->dest_page = dest->page_num - 1;
                if (dest->change_top && rp_document_get_page_size (self, link->dest_page, &dw, &dh))
                  link->dest_top = CLAMP (dh - dest->top, 0, dh);
              }
            g_clear_pointer (&named, poppler_dest_free);
          }
          break;
        case POPPLER_ACTION_URI:
          link->kind = RP_LINK_URI;
          link->uri = g_strdup (m->action->uri.uri);
          break;
        case POPPLER_ACTION_LAUNCH:
          link->kind = RP_LINK_LAUNCH;
          link->uri = g_strdup (m->action->launch.file_name);
          break;
        case POPPLER_ACTION_GOTO_REMOTE:
          link->kind = RP_LINK_LAUNCH;
          link->uri = g_strdup (m->action->goto_remote.file_name);
          break;
        default:
          break;
        }
      g_ptr_array_add (links, link);
    }
  poppler_page_free_link_mapping (mapping);
  return links;
}

/* Adds the rectangles of characters [first, last] of the page, merged line
 * by line: a hit that wraps gives one rectangle per line. */
static void
add_hit (GArray                 *hits,
         const PopplerRectangle *chars,
         guint                   first,
         guint                   last)
{
  RpPageRect current = { 0 };
  gboolean open = FALSE;

  for (guint i = first; i <= last; i++)
    {
      const PopplerRectangle *c = &chars[i];
      double cy = (c->y1 + c->y2) / 2;

      if (c->x2 <= c->x1 && c->y2 <= c->y1)
        continue; /* a zero-size character: a line break poppler inserted */
      if (open && cy >= current.y1 && cy <= current.y2)
        {
          current.x1 = MIN (current.x1, c->x1);
          current.x2 = MAX (current.x2, c->x2);
          current.y1 = MIN (current.y1, c->y1);
          current.y2 = MAX (current.y2, c->y2);
          continue;
        }
      if (open)
        g_array_append_val (hits, current);
      current = (RpPageRect) { c->x1, c->y1, c->x2, c->y2 };
      open = TRUE;
    }
  if (open)
    g_array_append_val (hits, current);
}

GArray *
rp_document_find_text (RpDocument *self,
                       guint       index,
                       const char *query)
{
  g_autoptr(RpPopplerPage) page = NULL;
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *needle = NULL;
  g_autofree PopplerRectangle *chars = NULL;
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (RpPageRect));
  guint n_chars = 0;
  gsize needle_len;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), hits);
  g_return_val_if_fail (query != NULL, hits);

  needle = rp_text_fold (query, NULL);
  needle_len = strlen (needle);
  if (needle_len == 0 || (page = get_page (self, index, NULL)) == NULL)
    return hits;
  text = poppler_page_get_text (page);
  if (text == NULL || !poppler_page_get_text_layout (page, &chars, &n_chars))
    return hits;
  folded = rp_text_fold (text, map);
  for (const char *p = folded; (p = strstr (p, needle)) != NULL; p += needle_len)
    {
      guint first = g_array_index (map, guint, p - folded);
      guint last = g_array_index (map, guint, p - folded + needle_len - 1);

      /* poppler's layout has one rectangle per character of its text. */
      if (last < n_chars)
        add_hit (hits, chars, first, last);
    }
  return hits;
}
