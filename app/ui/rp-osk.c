/* rp-osk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Latin letters are typed into the field as they are: the search already
 * understands pinyin, so "ljfl" finds 垃圾分类 without choosing anything.
 * The candidate bar offers characters for the run of letters just before
 * the cursor; choosing one replaces the letters of its syllable.
 *
 * Keys never move under a finger: the candidate bar keeps its height
 * when it has nothing to offer. 收起 (hide) and 搜索 (search) take the
 * focus from the field, which is what puts the keyboard away (rp-visit.c);
 * 搜索 activates the field first. The candidates follow the field's text,
 * however it changed (a search cleared by the wipe offers none).
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
  gulong       changed_id;         /* of target */
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

/* An empty bar keeps the height of one with candidates (an invisible
 * candidate holds it), so that the keys below never move as candidates
 * come and go: a tap meant for "l" must not land on "8". */
static void
add_placeholder (RpOsk *self)
{
  GtkWidget *holder = new_key (" ", "rp-osk-candidate");

  gtk_widget_set_can_target (holder, FALSE);
  gtk_widget_set_opacity (holder, 0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (holder), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (self->candidate_bar, holder);
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
    {
      add_placeholder (self);
      return;
    }
  run = letter_run (self->target, &self->run_start);
  self->candidates = rp_pinyin_get_candidates (run, MAX_CANDIDATES, &self->candidate_letters);
  if (self->candidates[0] == NULL)
    add_placeholder (self);
  for (guint i = 0; self->candidates[i] != NULL; i++)
    {
      GtkWidget *button = new_key (self->candidates[i], "rp-osk-candidate");

      g_object_set_data (G_OBJECT (button), "rp-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_candidate_clicked), self);
      gtk_box_append (self->candidate_bar, button);
    }
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

static void
put_away (RpOsk *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus (GTK_WINDOW (root), NULL);
}

static void
on_hide_clicked (GtkButton *button,
                 RpOsk     *self)
{
  rp_osk_hide (self);
}

static void
on_search_clicked (GtkButton *button,
                   RpOsk     *self)
{
  rp_osk_search (self);
}

static GtkWidget *
add_action_key (RpOsk      *self,
                GtkBox     *row,
                const char *label,
                GCallback   callback)
{
  GtkWidget *button = new_key (label, "rp-osk-key");

  gtk_widget_add_css_class (button, "rp-osk-action");
  g_signal_connect (button, "clicked", callback, self);
  gtk_box_append (row, button);
  return button;
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
  if (self->target != NULL)
    g_clear_signal_handler (&self->changed_id, self->target);
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
  add_placeholder (self);

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
  add_action_key (self, row, _("Hide keyboard"), G_CALLBACK (on_hide_clicked));
  gtk_widget_add_css_class (add_key (self, row, _("Space"), " ", NULL), "rp-osk-space");
  gtk_widget_add_css_class (add_action_key (self, row, _("Search"), G_CALLBACK (on_search_clicked)),
                            "suggested-action");
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

  if (self->target != NULL)
    g_clear_signal_handler (&self->changed_id, self->target);
  g_set_weak_pointer (&self->target, target);
  if (target != NULL)
    self->changed_id = g_signal_connect_swapped (target, "changed", G_CALLBACK (update_candidates), self);
  update_candidates (self);
}

void
rp_osk_hide (RpOsk *self)
{
  g_return_if_fail (RP_IS_OSK (self));
  put_away (self);
}

void
rp_osk_search (RpOsk *self)
{
  g_return_if_fail (RP_IS_OSK (self));

  if (self->target != NULL)
    gtk_widget_activate (GTK_WIDGET (self->target));
  put_away (self);
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
  g_autofree char *chosen = NULL;
  guint letters;
  int pos, cursor;

  g_return_if_fail (RP_IS_OSK (self));

  if (self->target == NULL || self->candidates == NULL ||
      index >= g_strv_length (self->candidates) || self->candidate_letters == 0)
    return;
  /* Editing the field renews the candidates: what was chosen is kept. */
  chosen = g_strdup (self->candidates[index]);
  letters = self->candidate_letters;
  pos = self->run_start;
  /* Letters after the chosen syllable stay, and the cursor after them. */
  cursor = gtk_editable_get_position (self->target) - (int) letters + (int) g_utf8_strlen (chosen, -1);
  gtk_editable_delete_text (self->target, pos, pos + letters);
  gtk_editable_insert_text (self->target, chosen, -1, &pos);
  gtk_editable_set_position (self->target, cursor);
  update_candidates (self);
}
