/* rp-osk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pinyin input method on the keyboard (issue 13). In Chinese input the
 * letters typed are a composition, shown at the start of the candidate
 * bar, never inserted into the field; the bar offers the sentence they
 * most likely are, then words and characters (rp-pinyin-candidates.c), a
 * page at a time. Choosing one inserts it at the cursor and removes the
 * letters it stands for from the composition. In English input (the
 * 中/英 key; the English interface starts in it) keys type into the field.
 *
 * What is searched is the field's text with the composition at the
 * cursor: the field's ancestors learn the composition through the action
 * "osk.composition" (s), which the home page installs; the search reads
 * 垃圾 + "fenlei" as one pinyin phrase. The candidates continue the
 * character before the cursor where they can (垃 then "ji" offers 圾
 * first). Whatever puts the composition
 * away without choosing (收起, 搜索, the focus leaving, another key than a
 * letter) writes its letters into the field, so the field then shows what
 * was searched. A change to the field from elsewhere (cleared, wiped)
 * drops the composition, so no stale candidates remain.
 *
 * Keys never move under a finger: the candidate bar keeps its height when
 * it has nothing to offer, and its page keys are always there, insensitive
 * when there is no other page. 收起 (hide) and 搜索 (search) take the focus
 * from the field, which is what puts the keyboard away (rp-visit.c); 搜索
 * activates the field first.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-osk.h"
#include "rp-pinyin-candidates.h"
#include "rp-pinyin.h"

/* Enough pages for every character of a syllable (圾 is 38th for "ji"). */
#define MAX_CANDIDATES 200
#define PAGE_SIZE      8

struct _RpOsk
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkBox      *candidate_bar;
  GtkLabel    *composition_label;
  GtkWidget   *previous_page;
  GtkWidget   *next_page;
  GtkWidget   *mode_key;
  GtkEditable *target;     /* weak */
  gulong       changed_id; /* of target */
  gboolean     editing;    /* the keyboard is changing the target */
  gboolean     latin;
  GString     *composition;
  GPtrArray   *candidates; /* RpPinyinCandidate */
  guint        page_start;
};

G_DEFINE_FINAL_TYPE (RpOsk, rp_osk, GTK_TYPE_WIDGET)

static const char *const rows[] = {
  "1234567890",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
};

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

/* The composition with its syllables apart, as a resident reads it. */
static char *
spell_composition (RpOsk *self)
{
  gboolean prefix;
  g_auto(GStrv) syllables = rp_pinyin_segment (self->composition->str, &prefix);

  return syllables != NULL ? g_strjoinv ("'", syllables) : g_strdup (self->composition->str);
}

static void
show_page (RpOsk *self)
{
  g_autofree char *spelt = spell_composition (self);
  GtkWidget *child;
  guint end = MIN (self->page_start + PAGE_SIZE, self->candidates->len);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidate_bar))) != NULL)
    gtk_box_remove (self->candidate_bar, child);
  gtk_label_set_text (self->composition_label, spelt);
  if (self->page_start >= end)
    add_placeholder (self);
  for (guint i = self->page_start; i < end; i++)
    {
      const RpPinyinCandidate *candidate = g_ptr_array_index (self->candidates, i);
      GtkWidget *button = new_key (candidate->text, "rp-osk-candidate");

      g_object_set_data (G_OBJECT (button), "rp-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_candidate_clicked), self);
      gtk_box_append (self->candidate_bar, button);
    }
  gtk_widget_set_sensitive (self->previous_page, self->page_start > 0);
  gtk_widget_set_sensitive (self->next_page, end < self->candidates->len);
}

/* Tells the field's page what is being composed, so that it searches it. */
static void
announce_composition (RpOsk       *self,
                      GtkEditable *target)
{
  if (target != NULL)
    gtk_widget_activate_action (GTK_WIDGET (target), "osk.composition", "s", self->composition->str);
}

/* The text before the field's cursor: what the candidates may continue. */
static char *
text_before_cursor (RpOsk *self)
{
  const char *text;
  int pos;

  if (self->target == NULL)
    return NULL;
  text = gtk_editable_get_text (self->target);
  pos = CLAMP (gtk_editable_get_position (self->target), 0, (int) g_utf8_strlen (text, -1));
  return g_strndup (text, g_utf8_offset_to_pointer (text, pos) - text);
}

static void
update_candidates (RpOsk *self)
{
  g_autofree char *before = text_before_cursor (self);

  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  self->candidates = rp_pinyin_get_candidates_after (before, self->composition->str, MAX_CANDIDATES);
  self->page_start = 0;
  show_page (self);
}

static void
set_composition (RpOsk      *self,
                 const char *letters)
{
  g_string_assign (self->composition, letters);
  update_candidates (self);
  announce_composition (self, self->target);
}

/* Inserts @text at the target's cursor, the keyboard's own edit. */
static void
insert_text (RpOsk      *self,
             const char *text)
{
  int pos = gtk_editable_get_position (self->target);

  self->editing = TRUE;
  gtk_editable_insert_text (self->target, text, -1, &pos);
  gtk_editable_set_position (self->target, pos);
  self->editing = FALSE;
}

/* The composition's letters go into the field as they are: what was
 * searched stays what the field shows. */
static void
write_composition (RpOsk *self)
{
  g_autofree char *letters = NULL;

  if (self->composition->len == 0)
    return;
  letters = g_strdup (self->composition->str);
  set_composition (self, "");
  if (self->target != NULL)
    insert_text (self, letters);
}

static void
on_target_changed (RpOsk *self)
{
  if (self->editing || self->composition->len == 0)
    return;
  /* Cleared or wiped from elsewhere: what was composed is gone too. */
  set_composition (self, "");
}

static void
type_one (RpOsk      *self,
          const char *text)
{
  int pos;

  if (self->target == NULL)
    return;
  if (!self->latin && g_ascii_isalpha (text[0]))
    {
      g_autofree char *letter = g_ascii_strdown (text, -1);
      g_autofree char *letters = NULL;

      if (self->composition->len >= RP_PINYIN_MAX_LETTERS)
        return;
      letters = g_strconcat (self->composition->str, letter, NULL);
      set_composition (self, letters);
      return;
    }
  if (g_str_equal (text, "\b"))
    {
      if (self->composition->len > 0)
        {
          g_autofree char *letters = g_strndup (self->composition->str, self->composition->len - 1);
          set_composition (self, letters);
        }
      else if ((pos = gtk_editable_get_position (self->target)) > 0)
        {
          self->editing = TRUE;
          gtk_editable_delete_text (self->target, pos - 1, pos);
          self->editing = FALSE;
        }
      return;
    }
  /* Space converts the composition as the bar's first candidate does. */
  if (g_str_equal (text, " ") && self->composition->len > 0 && self->candidates->len > 0 &&
      ((RpPinyinCandidate *) g_ptr_array_index (self->candidates, 0))->n_letters == self->composition->len)
    {
      rp_osk_choose (self, 0);
      return;
    }
  write_composition (self);
  insert_text (self, text);
}

static void
on_key_clicked (GtkButton *button,
                RpOsk     *self)
{
  type_one (self, g_object_get_data (G_OBJECT (button), "rp-text"));
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

static void
on_clear_clicked (GtkButton *button,
                  RpOsk     *self)
{
  rp_osk_clear (self);
}

static void
on_mode_clicked (GtkButton *button,
                 RpOsk     *self)
{
  rp_osk_set_latin (self, !self->latin);
}

static void
on_page_clicked (GtkButton *button,
                 RpOsk     *self)
{
  if (GTK_WIDGET (button) == self->next_page && self->page_start + PAGE_SIZE < self->candidates->len)
    self->page_start += PAGE_SIZE;
  else if (GTK_WIDGET (button) == self->previous_page && self->page_start > 0)
    self->page_start -= PAGE_SIZE;
  show_page (self);
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
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_box_append (row, button);
  return button;
}

static GtkWidget *
new_page_key (RpOsk      *self,
              const char *label,
              const char *accessible_name)
{
  GtkWidget *button = new_key (label, "rp-osk-candidate");

  gtk_widget_add_css_class (button, "rp-osk-page");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (on_page_clicked), self);
  return button;
}

/* The top row: the composition, a page of candidates, the page keys. */
static GtkWidget *
build_candidate_row (RpOsk *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller;

  self->composition_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->composition_label), "rp-osk-composition");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->composition_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pinyin typed"), -1);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->composition_label));

  self->candidate_bar = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_add_css_class (GTK_WIDGET (self->candidate_bar), "rp-osk-candidates");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->candidate_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Chinese words for the pinyin typed"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->candidate_bar));
  gtk_box_append (GTK_BOX (row), scroller);

  self->previous_page = new_page_key (self, "‹", _("Previous candidates"));
  self->next_page = new_page_key (self, "›", _("More candidates"));
  gtk_box_append (GTK_BOX (row), self->previous_page);
  gtk_box_append (GTK_BOX (row), self->next_page);
  return row;
}

static void
rp_osk_dispose (GObject *object)
{
  RpOsk *self = RP_OSK (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  if (self->target != NULL)
    g_clear_signal_handler (&self->changed_id, self->target);
  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_osk_parent_class)->dispose (object);
}

static void
rp_osk_finalize (GObject *object)
{
  RpOsk *self = RP_OSK (object);

  g_string_free (self->composition, TRUE);

  G_OBJECT_CLASS (rp_osk_parent_class)->finalize (object);
}

static void
rp_osk_class_init (RpOskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_osk_dispose;
  object_class->finalize = rp_osk_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rp-osk");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rp_osk_init (RpOsk *self)
{
  GtkWidget *key;
  GtkBox *row;

  self->composition = g_string_new (NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("On-screen keyboard"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), build_candidate_row (self));

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
          key = add_key (self, row, "⌫", "\b", _("Backspace"));
          gtk_widget_add_css_class (key, "rp-osk-wide");
        }
      gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (row));
    }
  row = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_set_halign (GTK_WIDGET (row), GTK_ALIGN_CENTER);
  add_action_key (self, row, _("Hide keyboard"), G_CALLBACK (on_hide_clicked));
  self->mode_key = add_action_key (self, row, "", G_CALLBACK (on_mode_clicked));
  add_action_key (self, row, _("Clear"), G_CALLBACK (on_clear_clicked));
  gtk_widget_add_css_class (add_key (self, row, _("Space"), " ", NULL), "rp-osk-space");
  key = add_action_key (self, row, _("Search"), G_CALLBACK (on_search_clicked));
  gtk_widget_add_css_class (key, "suggested-action");
  gtk_widget_add_css_class (key, "rp-osk-search");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (row));

  self->candidates = g_ptr_array_new ();
  rp_osk_set_latin (self, FALSE);
  show_page (self);
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

  if (target == self->target)
    return;
  write_composition (self);
  if (self->target != NULL)
    g_clear_signal_handler (&self->changed_id, self->target);
  g_set_weak_pointer (&self->target, target);
  if (target != NULL)
    self->changed_id = g_signal_connect_swapped (target, "changed", G_CALLBACK (on_target_changed), self);
}

void
rp_osk_hide (RpOsk *self)
{
  g_return_if_fail (RP_IS_OSK (self));

  write_composition (self);
  put_away (self);
}

void
rp_osk_search (RpOsk *self)
{
  g_return_if_fail (RP_IS_OSK (self));

  write_composition (self);
  if (self->target != NULL)
    gtk_widget_activate (GTK_WIDGET (self->target));
  put_away (self);
}

void
rp_osk_clear (RpOsk *self)
{
  g_return_if_fail (RP_IS_OSK (self));

  set_composition (self, "");
  if (self->target != NULL)
    {
      self->editing = TRUE;
      gtk_editable_set_text (self->target, "");
      self->editing = FALSE;
    }
}

void
rp_osk_set_latin (RpOsk   *self,
                  gboolean latin)
{
  g_return_if_fail (RP_IS_OSK (self));

  write_composition (self);
  self->latin = latin;
  /* The key shows the input it gives; its name says what a touch does. */
  gtk_button_set_label (GTK_BUTTON (self->mode_key), latin ? "英" : "中");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode_key), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  latin ? _("English input: touch for Chinese (pinyin)")
                                        : _("Chinese input (pinyin): touch for English"),
                                  -1);
}

gboolean
rp_osk_get_latin (RpOsk *self)
{
  g_return_val_if_fail (RP_IS_OSK (self), FALSE);
  return self->latin;
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
      type_one (self, one);
    }
}

const char *
rp_osk_get_composition (RpOsk *self)
{
  g_return_val_if_fail (RP_IS_OSK (self), NULL);
  return self->composition->str;
}

GStrv
rp_osk_get_candidates (RpOsk *self)
{
  GStrv texts;

  g_return_val_if_fail (RP_IS_OSK (self), NULL);

  texts = g_new0 (char *, self->candidates->len + 1);
  for (guint i = 0; i < self->candidates->len; i++)
    texts[i] = g_strdup (((RpPinyinCandidate *) g_ptr_array_index (self->candidates, i))->text);
  return texts;
}

void
rp_osk_choose (RpOsk *self,
               guint  index)
{
  const RpPinyinCandidate *candidate;
  g_autofree char *text = NULL;
  g_autofree char *rest = NULL;

  g_return_if_fail (RP_IS_OSK (self));

  if (self->target == NULL || index >= self->candidates->len)
    return;
  candidate = g_ptr_array_index (self->candidates, index);
  text = g_strdup (candidate->text);
  rest = g_strdup (self->composition->str + MIN (candidate->n_letters, self->composition->len));
  /* The page learns the shorter composition before the field changes, so
   * that no search sees the chosen words twice. */
  set_composition (self, rest);
  insert_text (self, text);
  /* What remains may continue what was chosen. */
  if (self->composition->len > 0)
    update_candidates (self);
}
