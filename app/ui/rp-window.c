/* rp-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Navigation is a history of (page, argument) steps. Going back re-shows the
 * previous step from the catalogue rather than keeping every visited page
 * alive, so a long visit costs no more memory than a short one.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rp-category-page.h"
#include "rp-core.h"
#include "rp-document-page.h"
#include "rp-entry-page.h"
#include "rp-home-page.h"
#include "rp-pdf-view.h"
#include "rp-update-notice.h"
#include "rp-window-private.h"

typedef enum
{
  STEP_HOME,
  STEP_CATEGORY,
  STEP_ENTRY,
  STEP_DOCUMENT,
} StepKind;

typedef struct
{
  StepKind kind;
  char    *id;    /* category or entry id */
  guint    index; /* attachment index for STEP_DOCUMENT */
  guint    page;  /* STEP_DOCUMENT: 0-based page to open at (a search hit) */
  double   scroll; /* STEP_CATEGORY, STEP_ENTRY: where the resident left it */
} Step;

struct _RpWindow
{
  GtkApplicationWindow parent_instance;

  RpCatalogue    *catalogue;
  RpDataDir      *data_dir;        /* where a newer bundle may appear (sync) */
  char           *bundle;          /* the bundle `catalogue` was opened from */
  GPtrArray      *history;
  gboolean        kiosk;

  /* The parts the application hands in (rp-window-private.h). */
  RpVisit         *visit;
  RpUsageRecorder *recorder;
  RpAdminEntrance *entrance;

  GtkStack       *stack;
  GtkWidget      *topbar;          /* the kiosk's; hidden on the desktop */
  GtkWidget      *header_back;     /* the desktop's header bar */
  GtkWidget      *header_home;
  GtkLabel       *header_title;
  GtkLabel       *title_label;
  GtkWidget      *back_button;
  GtkWidget      *home_button;
  RpHomePage     *home_page;
  RpCategoryPage *category_page;
  RpEntryPage    *entry_page;
  RpDocumentPage *document_page;   /* NULL until a document is first opened */
  AdwStatusPage  *message_page;
  RpUpdateNotice *update_notice;
  GCancellable   *changes_cancellable; /* What's new, being compared */
};

G_DEFINE_FINAL_TYPE (RpWindow, rp_window, GTK_TYPE_APPLICATION_WINDOW)

static void
step_free (Step *step)
{
  g_free (step->id);
  g_free (step);
}

static gboolean
keyboard_shown (RpWindow *self)
{
  return self->visit != NULL && rp_visit_is_osk_shown (self->visit);
}

/* Back and Home are a resident's way out of wherever they are, the
 * on-screen keyboard and a search on the home page included: with the
 * keyboard up on the home page they were disabled, and nothing else put
 * it away. */
static gboolean
can_leave (RpWindow *self)
{
  return self->history->len > 1 || keyboard_shown (self) ||
         *rp_home_page_get_search_text (self->home_page) != '\0';
}

static void
update_nav_state (RpWindow *self)
{
  gboolean can = can_leave (self);

  gtk_widget_set_sensitive (self->back_button, can);
  gtk_widget_set_sensitive (self->home_button, can);
  gtk_widget_set_sensitive (self->header_back, can);
  gtk_widget_set_sensitive (self->header_home, can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "nav.back", can);
}

static void
update_chrome (RpWindow   *self,
               const char *title)
{
  gtk_label_set_text (self->title_label, title ? title : "");
  gtk_label_set_text (self->header_title, title ? title : "");
  update_nav_state (self);
}

/* Issue 7: a counter per opening, never the path between them. */
static void
count_opening (RpWindow    *self,
               RpUsageKind  kind,
               const char  *id,
               guint        index)
{
  if (self->recorder != NULL)
    rp_usage_recorder_count_opening (self->recorder, kind, id, index);
}

static void update_page_speech (RpWindow *self,
                                guint     page);
static RpDocumentPage *ensure_document_page (RpWindow *self);

static gboolean
present_step (RpWindow *self,
              Step     *step)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpEntry) entry = NULL;
  g_autoptr(RpAttachment) attachment = NULL;
  g_autoptr(RpCategory) category = NULL;

  if (self->catalogue == NULL)
    return FALSE;

  switch (step->kind)
    {
    case STEP_HOME:
      gtk_stack_set_visible_child_name (self->stack, "home");
      update_chrome (self, rp_catalogue_get_title (self->catalogue));
      return TRUE;

    case STEP_CATEGORY:
      category = rp_catalogue_get_category (self->catalogue, step->id);
      if (category == NULL)
        return FALSE;
      rp_category_page_show (self->category_page, self->catalogue, category);
      gtk_stack_set_visible_child_name (self->stack, "category");
      update_chrome (self, rp_category_get_name (category));
      return TRUE;

    case STEP_ENTRY:
      entry = rp_catalogue_get_entry (self->catalogue, step->id, &error);
      if (entry == NULL)
        {
          g_warning ("%s", error->message);
          return FALSE;
        }
      rp_entry_page_show (self->entry_page, self->catalogue, entry);
      gtk_stack_set_visible_child_name (self->stack, "entry");
      update_chrome (self, rp_entry_get_title (entry));
      return TRUE;

    case STEP_DOCUMENT:
      entry = rp_catalogue_get_entry (self->catalogue, step->id, &error);
      if (entry == NULL)
        return FALSE;
      attachment = g_list_model_get_item (rp_entry_get_attachments (entry), step->index);
      if (attachment == NULL)
        return FALSE;
      rp_document_page_show_at (ensure_document_page (self), attachment, step->page);
      update_page_speech (self, step->page);
      gtk_stack_set_visible_child_name (self->stack, "document");
      update_chrome (self, rp_attachment_get_title (attachment));
      /* Issue 16: on the desktop the keyboard reads at once (PageDown,
       * Ctrl++), not after three Tabs away from the menu button. */
      if (!self->kiosk)
        gtk_widget_grab_focus (GTK_WIDGET (rp_document_page_get_view (self->document_page)));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Issue 13: back from a document to where the resident was on the entry,
 * and from an entry to where they were in the list, not to the top. */
static void
remember_scroll (RpWindow *self)
{
  Step *step = self->history->len > 0 ? g_ptr_array_index (self->history, self->history->len - 1) : NULL;

  if (step != NULL && step->kind == STEP_CATEGORY)
    step->scroll = rp_category_page_get_scroll_position (self->category_page);
  else if (step != NULL && step->kind == STEP_ENTRY)
    step->scroll = rp_entry_page_get_scroll_position (self->entry_page);
}

static void
restore_scroll (RpWindow *self,
                Step     *step)
{
  if (step->kind == STEP_CATEGORY)
    rp_category_page_restore_scroll_position (self->category_page, step->scroll);
  else if (step->kind == STEP_ENTRY)
    rp_entry_page_restore_scroll_position (self->entry_page, step->scroll);
}

static void
push_step_at (RpWindow   *self,
              StepKind    kind,
              const char *id,
              guint       index,
              guint       page)
{
  Step *step = g_new0 (Step, 1);

  remember_scroll (self);
  step->kind = kind;
  step->id = g_strdup (id);
  step->index = index;
  step->page = page;
  g_ptr_array_add (self->history, step);
  if (!present_step (self, step))
    {
      /* A step that cannot be shown is not kept: back stays meaningful. */
      g_ptr_array_remove_index (self->history, self->history->len - 1);
      present_step (self, g_ptr_array_index (self->history, self->history->len - 1));
    }
  else if (kind != STEP_HOME)
    count_opening (self, kind == STEP_CATEGORY ? RP_USAGE_CATEGORY
                         : kind == STEP_ENTRY ? RP_USAGE_ENTRY : RP_USAGE_DOCUMENT, id, index);
}

static void
push_step (RpWindow   *self,
           StepKind    kind,
           const char *id,
           guint       index)
{
  push_step_at (self, kind, id, index, 0);
}

/* The field loses the focus, and the keyboard goes with it (rp-visit.c). */
static void
put_keyboard_away (RpWindow *self)
{
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
go_back (RpWindow *self)
{
  /* Back first puts the keyboard away, then leaves the search, then the page. */
  if (keyboard_shown (self))
    {
      put_keyboard_away (self);
      return;
    }
  if (self->history->len <= 1)
    {
      rp_home_page_set_search_text (self->home_page, "");
      return;
    }
  /* The document page holds the rendered pages: free them when leaving. */
  if (self->document_page != NULL)
    rp_document_page_clear (self->document_page);
  g_ptr_array_remove_index (self->history, self->history->len - 1);
  if (present_step (self, g_ptr_array_index (self->history, self->history->len - 1)))
    restore_scroll (self, g_ptr_array_index (self->history, self->history->len - 1));
}

/* A sync swaps `current` at any time; the resident sees the new bundle only
 * when they return home, never under their eyes. */
static gboolean
pick_up_new_bundle (RpWindow *self)
{
  g_autofree char *bundle = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;

  if (self->data_dir == NULL)
    return FALSE;
  bundle = rp_data_dir_get_current_bundle (self->data_dir);
  if (bundle == NULL || g_strcmp0 (bundle, self->bundle) == 0)
    return FALSE;
  catalogue = rp_data_dir_open_catalogue (self->data_dir, NULL);
  if (catalogue == NULL)
    return FALSE;
  g_free (self->bundle);
  self->bundle = g_steal_pointer (&bundle);
  rp_window_set_catalogue (self, catalogue);
  return TRUE;
}

static void
go_home (RpWindow *self)
{
  put_keyboard_away (self);
  rp_home_page_set_search_text (self->home_page, "");
  rp_home_page_scroll_to_top (self->home_page);
  if (self->document_page != NULL)
    rp_document_page_clear (self->document_page);
  if (pick_up_new_bundle (self))
    return;
  if (self->history->len > 1)
    g_ptr_array_set_size (self->history, 1);
  if (self->history->len == 1)
    present_step (self, g_ptr_array_index (self->history, 0));
}

static void
nav_back (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  go_back (RP_WINDOW (widget));
}

static void
nav_home (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  go_home (RP_WINDOW (widget));
}

static void
nav_category (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  push_step (RP_WINDOW (widget), STEP_CATEGORY, g_variant_get_string (parameter, NULL), 0);
}

static void
nav_entry (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  push_step (RP_WINDOW (widget), STEP_ENTRY, g_variant_get_string (parameter, NULL), 0);
}

static void
nav_attachment (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  const char *entry_id;
  guint32 index;

  g_variant_get (parameter, "(&su)", &entry_id, &index);
  push_step (RP_WINDOW (widget), STEP_DOCUMENT, entry_id, index);
}

/* (s entry, u attachment, u page from 1): a search hit on a PDF page. */
static void
nav_attachment_page (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *entry_id;
  guint32 index, page;

  g_variant_get (parameter, "(&suu)", &entry_id, &index, &page);
  push_step_at (RP_WINDOW (widget), STEP_DOCUMENT, entry_id, index, page > 0 ? page - 1 : 0);
}

/* Issue 16, the desktop's Ctrl+F: find in the document shown, else the
 * catalogue's search on the home page. */
static void
nav_find (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  RpWindow *self = RP_WINDOW (widget);

  if (self->document_page != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "document") == 0 &&
      rp_document_page_begin_find (self->document_page))
    return;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "home") != 0)
    go_home (self);
  gtk_widget_grab_focus (GTK_WIDGET (rp_home_page_get_search_entry (self->home_page)));
}

/* Escape in the home page's search (desktop): the search closes, the
 * catalogue shows again. */
static void
on_search_stopped (RpWindow *self)
{
  rp_home_page_set_search_text (self->home_page, "");
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  update_nav_state (self);
}

/* (u kind, s subject): a resident's choice (language, text size). */
static void
usage_count (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RpWindow *self = RP_WINDOW (widget);
  guint32 kind;
  const char *subject;

  g_variant_get (parameter, "(u&s)", &kind, &subject);
  if (self->recorder != NULL)
    rp_usage_recorder_count (self->recorder, kind, subject);
}

/* (u kind, s catalogue id): what a page showed (a QR code). */
static void
usage_count_id (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RpWindow *self = RP_WINDOW (widget);
  guint32 kind;
  const char *id;

  g_variant_get (parameter, "(u&s)", &kind, &id);
  if (self->recorder != NULL)
    rp_usage_recorder_count_catalogue_id (self->recorder, kind, id);
}

/* Every keystroke (the entry's search-delay is 0): the recorder decides,
 * with RpUsage, which texts were searches. */
static void
on_search_changed (GtkSearchEntry *entry,
                   RpWindow       *self)
{
  if (self->recorder != NULL)
    rp_usage_recorder_search_changed (self->recorder, self->home_page);
  update_nav_state (self);
}

/* After the visit's own handler, which shows or hides the keyboard. */
static void
on_focus_changed (RpWindow   *self,
                  GParamSpec *pspec)
{
  update_nav_state (self);
}

/* 朗读 on a document reads the page shown, as the catalogue extracted it. */
static void
update_page_speech (RpWindow *self,
                    guint     page)
{
  Step *step = self->history->len > 0 ? g_ptr_array_index (self->history, self->history->len - 1) : NULL;
  g_autofree char *text = NULL;

  if (step != NULL && step->kind == STEP_DOCUMENT && self->catalogue != NULL)
    text = rp_catalogue_dup_page_text (self->catalogue, step->id, step->index, page);
  if (self->document_page != NULL)
    rp_document_page_set_speech_text (self->document_page, text);
}

static void
on_page_changed (RpPdfView  *view,
                 GParamSpec *pspec,
                 RpWindow   *self)
{
  guint page = 0;

  g_object_get (view, "page", &page, NULL);
  if (self->recorder != NULL)
    rp_usage_recorder_note_page (self->recorder, page);
  update_page_speech (self, page);
}

static gboolean
rp_window_close_request (GtkWindow *window)
{
  RpWindow *self = RP_WINDOW (window);

  /* A kiosk window cannot be closed by the compositor or a key. */
  if (self->kiosk)
    return TRUE;
  return GTK_WINDOW_CLASS (rp_window_parent_class)->close_request (window);
}

static void
rp_window_dispose (GObject *object)
{
  RpWindow *self = RP_WINDOW (object);

  if (self->changes_cancellable != NULL)
    g_cancellable_cancel (self->changes_cancellable);
  g_clear_object (&self->changes_cancellable);
  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_data (self->visit, self);
  g_clear_object (&self->visit);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_WINDOW);
  /* After the pages: the entrance's hold timer ends with it. */
  g_clear_object (&self->entrance);
  g_clear_object (&self->recorder);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->data_dir);
  g_clear_pointer (&self->bundle, g_free);

  G_OBJECT_CLASS (rp_window_parent_class)->dispose (object);
}

static void
rp_window_finalize (GObject *object)
{
  RpWindow *self = RP_WINDOW (object);

  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_window_parent_class)->finalize (object);
}

static void
rp_window_class_init (RpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rp_window_dispose;
  object_class->finalize = rp_window_finalize;
  window_class->close_request = rp_window_close_request;

  g_type_ensure (RP_TYPE_HOME_PAGE);
  g_type_ensure (RP_TYPE_CATEGORY_PAGE);
  g_type_ensure (RP_TYPE_ENTRY_PAGE);
  g_type_ensure (RP_TYPE_DOCUMENT_PAGE);
  g_type_ensure (RP_TYPE_UPDATE_NOTICE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, topbar);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, header_back);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, header_home);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, header_title);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, home_button);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, category_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, entry_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, message_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, update_notice);

  gtk_widget_class_install_action (widget_class, "nav.back", NULL, nav_back);
  gtk_widget_class_install_action (widget_class, "nav.home", NULL, nav_home);
  gtk_widget_class_install_action (widget_class, "nav.category", "s", nav_category);
  gtk_widget_class_install_action (widget_class, "nav.entry", "s", nav_entry);
  gtk_widget_class_install_action (widget_class, "nav.attachment", "(su)", nav_attachment);
  gtk_widget_class_install_action (widget_class, "nav.attachment-page", "(suu)", nav_attachment_page);
  gtk_widget_class_install_action (widget_class, "nav.find", NULL, nav_find);

  gtk_widget_class_install_action (widget_class, "usage.count", "(us)", usage_count);
  gtk_widget_class_install_action (widget_class, "usage.count-id", "(us)", usage_count_id);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "nav.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "nav.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "nav.home", NULL);
}

/* The attachment on screen could not be shown: counted by entry id and
 * attachment index, the same subject as its opening. */
static void
document_failed_cb (RpWindow *self)
{
  Step *step = self->history->len ? g_ptr_array_index (self->history, self->history->len - 1) : NULL;

  if (step != NULL && step->kind == STEP_DOCUMENT)
    count_opening (self, RP_USAGE_DOCUMENT_FAILED, step->id, step->index);
}

/* The document page (its toolbar, number pad, find bar and their icons) is
 * built when a resident first opens a document, not with the window: the
 * home screen a kiosk rests on needs none of it (issue 19, memory at rest). */
static RpDocumentPage *
ensure_document_page (RpWindow *self)
{
  if (self->document_page != NULL)
    return self->document_page;

  self->document_page = g_object_new (RP_TYPE_DOCUMENT_PAGE, NULL);
  /* External links and launch actions are never followed in a kiosk. */
  rp_document_page_set_kiosk (self->document_page, self->kiosk);
  g_signal_connect_object (self->document_page, "failed", G_CALLBACK (document_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rp_document_page_get_view (self->document_page), "notify::page",
                           G_CALLBACK (on_page_changed), self, 0);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->document_page), "document");
  /* Issue 16: on the desktop PageDown and PageUp turn pages wherever the
   * focus is on the page; the page's own bindings come after its scrolled
   * window's, which took them to scroll by a screen. */
  if (!self->kiosk)
    {
      GtkEventController *keys = gtk_shortcut_controller_new ();

      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                                                              gtk_named_action_new ("doc.next")));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                                                              gtk_named_action_new ("doc.previous")));
      gtk_widget_add_controller (GTK_WIDGET (self->document_page), keys);
    }
  return self->document_page;
}

static void
rp_window_init (RpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  update_chrome (self, NULL);
  g_signal_connect_object (rp_home_page_get_search_entry (self->home_page), "search-changed",
                           G_CALLBACK (on_search_changed), self, G_CONNECT_AFTER);
  g_signal_connect_after (self, "notify::focus-widget", G_CALLBACK (on_focus_changed), NULL);
}

/* Issue 16: the desktop has one header bar (Back, Home, the title, the
 * primary menu) instead of the kiosk's top bar, a shortcuts window (F1,
 * Ctrl+?, set up by the application) and Ctrl+F. None of it exists in a
 * kiosk: no window a resident could open, no key that leads out. */
static void
setup_desktop (RpWindow *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/readingpoint/ReadingPoint/rp-shortcuts.ui");
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_set_visible (self->topbar, FALSE);
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("nav.find")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  g_signal_connect_object (rp_home_page_get_search_entry (self->home_page), "stop-search",
                           G_CALLBACK (on_search_stopped), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rp_window_new (GtkApplication *application,
               gboolean        kiosk)
{
  RpWindow *self = g_object_new (RP_TYPE_WINDOW, "application", application, NULL);

  self->kiosk = kiosk;
  if (kiosk)
    {
      gtk_window_set_titlebar (GTK_WINDOW (self), NULL);
      gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
      gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    setup_desktop (self);
  return GTK_WIDGET (self);
}

void
rp_window_set_catalogue (RpWindow    *self,
                         RpCatalogue *catalogue)
{
  g_return_if_fail (RP_IS_WINDOW (self));
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));

  g_set_object (&self->catalogue, catalogue);
  if (self->entrance != NULL)
    rp_admin_entrance_set_catalogue (self->entrance, catalogue);
  rp_home_page_set_catalogue (self->home_page, catalogue);
  g_ptr_array_set_size (self->history, 0);
  push_step (self, STEP_HOME, NULL, 0);
}

void
rp_window_show_message (RpWindow   *self,
                        const char *title,
                        const char *detail)
{
  /* Issue 16: a status page, whose description is markup. */
  g_autofree char *escaped = detail != NULL ? g_markup_escape_text (detail, -1) : NULL;

  g_return_if_fail (RP_IS_WINDOW (self));

  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "message");
  g_ptr_array_set_size (self->history, 0);
  update_chrome (self, title);
}

const char *
rp_window_get_page_name (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

guint
rp_window_get_depth (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), 0);
  return self->history->len > 0 ? self->history->len - 1 : 0;
}

gboolean
rp_window_is_kiosk (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), FALSE);
  return self->kiosk;
}

void
rp_window_set_data_dir (RpWindow  *self,
                        RpDataDir *data_dir)
{
  g_return_if_fail (RP_IS_WINDOW (self));
  g_return_if_fail (RP_IS_DATA_DIR (data_dir));

  g_set_object (&self->data_dir, data_dir);
  g_free (self->bundle);
  self->bundle = rp_data_dir_get_current_bundle (data_dir);
  /* Issue 6: entry pages name the bundle they come from. */
  rp_entry_page_set_data_dir (self->entry_page, data_dir);
}

/* Issue 6: what a visit leaves behind, wiped (the idle reset): the same as
 * Home (the keyboard, the search text and the home page's scroll, the
 * history and the open document with its rendered pages go; a bundle
 * installed meanwhile is picked up). */
void
rp_window_reset_visit (RpWindow *self)
{
  g_return_if_fail (RP_IS_WINDOW (self));

  /* Issue 7: the visit's duration is counted before its state goes. */
  if (self->recorder != NULL)
    rp_usage_recorder_end_visit (self->recorder);
  go_home (self);
}

RpCatalogue *
rp_window_get_catalogue (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  return self->catalogue;
}

RpDataDir *
rp_window_get_data_dir (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  return self->data_dir;
}

GtkWidget *
rp_window_get_page (RpWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  if (g_str_equal (name, "document"))
    return GTK_WIDGET (ensure_document_page (self));
  return gtk_stack_get_child_by_name (self->stack, name);
}

void
rp_window_set_visit (RpWindow *self,
                     RpVisit  *visit)
{
  g_return_if_fail (RP_IS_WINDOW (self));
  g_return_if_fail (RP_IS_VISIT (visit));
  g_return_if_fail (self->visit == NULL);

  self->visit = g_object_ref (visit);
  rp_visit_attach (visit, GTK_WINDOW (self));
  g_signal_connect_swapped (visit, "reset", G_CALLBACK (rp_window_reset_visit), self);
}

RpVisit *
rp_window_get_visit (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  return self->visit;
}

void
rp_window_set_usage_recorder (RpWindow        *self,
                              RpUsageRecorder *recorder)
{
  g_return_if_fail (RP_IS_WINDOW (self));
  g_return_if_fail (recorder == NULL || RP_IS_USAGE_RECORDER (recorder));

  g_set_object (&self->recorder, recorder);
}

RpUsageRecorder *
rp_window_get_usage_recorder (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  return self->recorder;
}

void
rp_window_set_admin_entrance (RpWindow        *self,
                              RpAdminEntrance *entrance)
{
  g_return_if_fail (RP_IS_WINDOW (self));
  g_return_if_fail (RP_IS_ADMIN_ENTRANCE (entrance));
  g_return_if_fail (self->entrance == NULL);

  self->entrance = g_object_ref (entrance);
  rp_admin_entrance_attach (entrance, self->stack,
                            GTK_WIDGET (self->kiosk ? self->title_label : self->header_title));
  if (self->catalogue != NULL)
    rp_admin_entrance_set_catalogue (entrance, self->catalogue);
}

RpAdminEntrance *
rp_window_get_admin_entrance (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  return self->entrance;
}

/* Issue 16: a sync installed a newer bundle. Nothing on screen changes
 * under the reader: the catalogue is taken up at the next return home
 * (pick_up_new_bundle), in a kiosk at the wipe. The desktop says what is
 * new, measured against the catalogue shown. */
static void
changes_listed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GListModel) changes = NULL;
  g_autoptr(GError) error = NULL;
  RpWindow *self;
  guint n_changed = 0;

  changes = rp_catalogue_list_changes_finish (RP_CATALOGUE (object), result, &n_changed, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RP_WINDOW (user_data);
  g_clear_object (&self->changes_cancellable);
  if (changes == NULL)
    g_warning ("Cannot tell what the new bundle changed: %s", error->message);
  else if (n_changed > 0)
    rp_update_notice_show_changes (self->update_notice, changes, n_changed);
}

void
rp_window_note_new_bundle (RpWindow *self)
{
  g_autoptr(RpCatalogue) installed = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_WINDOW (self));

  if (self->kiosk || self->data_dir == NULL)
    return;
  installed = rp_data_dir_open_catalogue (self->data_dir, &error);
  if (installed == NULL)
    {
      g_warning ("Cannot tell what the new bundle changed: %s", error->message);
      return;
    }
  /* A newer install supersedes a comparison still running. */
  if (self->changes_cancellable != NULL)
    g_cancellable_cancel (self->changes_cancellable);
  g_clear_object (&self->changes_cancellable);
  self->changes_cancellable = g_cancellable_new ();
  /* The window outlives the worker: dispose cancels it, and a cancelled
   * comparison never touches the window. */
  rp_catalogue_list_changes_async (installed, self->catalogue, RP_WINDOW_MAX_CHANGES_LISTED,
                                   self->changes_cancellable, changes_listed, self);
}

void
rp_window_note_check_result (RpWindow   *self,
                             const char *text)
{
  g_return_if_fail (RP_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  if (!self->kiosk)
    rp_update_notice_show_message (self->update_notice, text);
}

RpUpdateNotice *
rp_window_get_update_notice (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);
  return self->update_notice;
}
