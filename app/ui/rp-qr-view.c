/* rp-qr-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-qr-view.h"
#include "rp-qr.h"

/* The standard asks for four light modules around the symbol; phone
 * cameras misread codes drawn without them next to dark page content. */
#define QUIET_ZONE 4
#define DEFAULT_SIZE_PX 240

struct _RpQrView
{
  GtkWidget  parent_instance;
  RpQrCode  *code;
  char      *text;
};

G_DEFINE_FINAL_TYPE (RpQrView, rp_qr_view, GTK_TYPE_WIDGET)

static void
rp_qr_view_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  RpQrView *self = RP_QR_VIEW (widget);
  int modules = self->code ? (int) self->code->size + 2 * QUIET_ZONE : 0;

  /* At least two pixels a module, so that a phone can read it. */
  *minimum = modules * 2;
  *natural = MAX (*minimum, self->code ? DEFAULT_SIZE_PX : 0);
}

static void
rp_qr_view_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  RpQrView *self = RP_QR_VIEW (widget);
  const GdkRGBA light = { 1, 1, 1, 1 };
  const GdkRGBA dark = { 0, 0, 0, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int side = MIN (width, height);
  int modules;
  int module_px;
  int origin_x, origin_y;

  if (self->code == NULL || side <= 0)
    return;

  /* Whole pixels per module keep every edge sharp. */
  modules = (int) self->code->size + 2 * QUIET_ZONE;
  module_px = MAX (1, side / modules);
  origin_x = (width - module_px * modules) / 2;
  origin_y = (height - module_px * modules) / 2;

  gtk_snapshot_append_color (snapshot, &light,
                             &GRAPHENE_RECT_INIT (origin_x, origin_y, module_px * modules, module_px * modules));
  for (guint y = 0; y < self->code->size; y++)
    for (guint x = 0; x < self->code->size; x++)
      if (rp_qr_code_is_dark (self->code, x, y))
        gtk_snapshot_append_color (snapshot, &dark,
                                   &GRAPHENE_RECT_INIT (origin_x + (QUIET_ZONE + (int) x) * module_px,
                                                        origin_y + (QUIET_ZONE + (int) y) * module_px,
                                                        module_px, module_px));
}

static void
rp_qr_view_finalize (GObject *object)
{
  RpQrView *self = RP_QR_VIEW (object);

  g_clear_pointer (&self->code, rp_qr_code_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (rp_qr_view_parent_class)->finalize (object);
}

static void
rp_qr_view_class_init (RpQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rp_qr_view_finalize;
  widget_class->measure = rp_qr_view_measure;
  widget_class->snapshot = rp_qr_view_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "qrcode");
}

static void
rp_qr_view_init (RpQrView *self)
{
}

GtkWidget *
rp_qr_view_new (void)
{
  return g_object_new (RP_TYPE_QR_VIEW, NULL);
}

gboolean
rp_qr_view_set_text (RpQrView   *self,
                     const char *text)
{
  g_return_val_if_fail (RP_IS_QR_VIEW (self), FALSE);

  g_clear_pointer (&self->code, rp_qr_code_free);
  g_clear_pointer (&self->text, g_free);
  if (text != NULL)
    {
      self->code = rp_qr_code_encode (text, NULL);
      if (self->code != NULL)
        self->text = g_strdup (text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->text ? self->text : "",
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return self->code != NULL;
}

const char *
rp_qr_view_get_text (RpQrView *self)
{
  g_return_val_if_fail (RP_IS_QR_VIEW (self), NULL);
  return self->text;
}
