/* rp-osk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Latin letters are typed into the field as they are: the search already
 * understands pinyin, so "ljfl" finds 垃圾分类 without choosing anything.
 * The candidate bar offers characters for the run of letters just before
 * the cursor; choosing one replaces the letters of its syllable.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-pinyin-candidates.h"
#include "rp-osk.h"

#define MAX_CANDIDATES 12

struct _RpOsk
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkBox      *candidate_bar;
  GtkEditable *target;          /* weak */
  GStrv        candidates;
  guint        candidate_letters;  /* letters a candidate replaces */
  int          run_start;          /* character offset of the letter run */
};

G_DEFINE_FINAL_TYPE (RpOsk, rp_osk, GTK_TYPE_WIDGET)

static const char *const rows[] = {
  "1234567890",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
};

/* The ASCII letters just before the cursor, lower-cased; @start receives
 * the character offset where they begin. */
static char *
letter_run (GtkEditable *editable,
            int         *start)
{
  const char *text = gtk_editable_get_text (editable);
  int pos = gtk_editable_get_position (editable);
  const char *end = g_utf8_offset_to_pointer (text, MIN (pos, (int) g_utf8_strlen (text, -1)));
  const char *p = end;

  while (p > text && g_ascii_isalpha (p[-1]))
    p--;
  *start = g_utf8_pointer_to_offset (text, p);
  return g_ascii_strdown (p, end - p);
}

static void
on_candidate_clicked (GtkButton *button,
                      RpOsk     *self)
{
  rp_osk_choose (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "rp-index")));
}

static GtkWidget *
new_key (const char *label,
         const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  /* The field keeps the focus (and its cursor) while keys are touched. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, css_class);
  return button;
}

static void
update_candidates (RpOsk *self)
{
  g_autofree char *run = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidate_bar))) != NULL)
    gtk_box_remove (self->candidate_bar, child);
  g_clear_pointer (&self->candidates, g_strfreev);
  self->candidate_letters = 0;

  if (self->target == NULL)
    return;
  run = letter_run (self->target, &self->run_start);
  self->candidates = rp_pinyin_get_candidates (run, MAX_CANDIDATES, &self->candidate_letters);
  for (guint i = 0; self->candidates[i] != NULL; i++)
    {
      GtkWidget *button = new_key (self->candidates[i], "rp-osk-candidate");

      g_object_set_data (G_OBJECT (button), "rp-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_candidate_clicked), self);
      gtk_box_append (self->candidate_bar, button);
    }
  /* The scroller, not the bar inside it, comes and goes: a scroller shown
   * with nothing to show was allocated no height, and the first
   * candidates then got a negative one (GTK warns) until the next frame. */
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->candidate_bar), GTK_TYPE_SCROLLED_WINDOW),
                          self->candidates[0] != NULL);
}

static void
type_text (RpOsk      *self,
           const char *text)
{
  int pos;

  if (self->target == NULL)
    return;
  pos = gtk_editable_get_position (self->target);
  if (g_str_equal (text, "\b"))
    {
      if (pos > 0)
        gtk_editable_delete_text (self->target, pos - 1, pos);
    }
  else
    {
      gtk_editable_insert_text (self->target, text, -1, &pos);
      gtk_editable_set_position (self->target, pos);
    }
  update_candidates (self);
}

static void
on_key_clicked (GtkButton *button,
                RpOsk     *self)
{
  type_text (self, g_object_get_data (G_OBJECT (button), "rp-text"));
}

static GtkWidget *
add_key (RpOsk      *self,
         GtkBox     *row,
         const char *label,
         const char *text,
         const char *accessible_name)
{
  GtkWidget *button = new_key (label, "rp-osk-key");

  g_object_set_data_full (G_OBJECT (button), "rp-text", g_strdup (text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked), self);
  if (accessible_name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_box_append (row, button);
  return button;
}

static void
rp_osk_dispose (GObject *object)
{
  RpOsk *self = RP_OSK (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->candidates, g_strfreev);

  G_OBJECT_CLASS (rp_osk_parent_class)->dispose (object);
}

static void
rp_osk_class_init (RpOskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_osk_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rp-osk");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rp_osk_init (RpOsk *self)
{
  GtkWidget *scroller;
  GtkBox *row;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On-screen keyboard"), -1);

  self->candidate_bar = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_add_css_class (GTK_WIDGET (self->candidate_bar), "rp-osk-candidates");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->candidate_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Chinese characters for the pinyin typed"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->candidate_bar));
  gtk_box_append (GTK_BOX (self->box), scroller);
  gtk_widget_set_visible (scroller, FALSE);

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      row = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
      gtk_widget_set_halign (GTK_WIDGET (row), GTK_ALIGN_CENTER);
      for (const char *c = rows[r]; *c; c++)
        {
          char text[2] = { *c, 0 };
          add_key (self, row, text, text, NULL);
        }
      if (r == G_N_ELEMENTS (rows) - 1)
        {
          GtkWidget *key = add_key (self, row, "⌫", "\b", _("Backspace"));
          gtk_widget_add_css_class (key, "rp-osk-wide");
        }
      gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (row));
    }
  row = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_set_halign (GTK_WIDGET (row), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add_key (self, row, _("Space"), " ", NULL), "rp-osk-space");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (row));
}

GtkWidget *
rp_osk_new (void)
{
  return g_object_new (RP_TYPE_OSK, NULL);
}

void
rp_osk_set_target (RpOsk       *self,
                   GtkEditable *target)
{
  g_return_if_fail (RP_IS_OSK (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  g_set_weak_pointer (&self->target, target);
  update_candidates (self);
}

GtkEditable *
rp_osk_get_target (RpOsk *self)
{
  g_return_val_if_fail (RP_IS_OSK (self), NULL);
  return self->target;
}

void
rp_osk_type (RpOsk      *self,
             const char *text)
{
  g_return_if_fail (RP_IS_OSK (self));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      g_autofree char *one = g_strndup (p, g_utf8_next_char (p) - p);
      type_text (self, one);
    }
}

GStrv
rp_osk_get_candidates (RpOsk *self)
{
  g_return_val_if_fail (RP_IS_OSK (self), NULL);
  return g_strdupv (self->candidates ? self->candidates : (GStrv) (const char *[]) { NULL });
}

void
rp_osk_choose (RpOsk *self,
               guint  index)
{
  int pos, cursor;

  g_return_if_fail (RP_IS_OSK (self));

  if (self->target == NULL || self->candidates == NULL ||
      index >= g_strv_length (self->candidates) || self->candidate_letters == 0)
    return;
  /* Letters after the chosen syllable stay, and the cursor after them. */
  cursor = gtk_editable_get_position (self->target) - (int) self->candidate_letters +
           (int) g_utf8_strlen (self->candidates[index], -1);
  pos = self->run_start;
  gtk_editable_delete_text (self->target, pos, pos + self->candidate_letters);
  gtk_editable_insert_text (self->target, self->candidates[index], -1, &pos);
  gtk_editable_set_position (self->target, cursor);
  update_candidates (self);
}
