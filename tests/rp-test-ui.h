/* rp-test-ui.h — helpers shared by the tests that drive a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-document-page.h"
#include "rp-home-page.h"
#include "rp-window-private.h"

G_BEGIN_DECLS

/* Lets GTK lay out and paint: turns the main loop for @msec, then until
 * nothing is pending. */
void rp_test_ui_settle     (guint       msec);
/* Settles, then writes what @window shows to RP_SCREENSHOT_DIR/@file_name. */
void rp_test_ui_screenshot (GtkWidget  *window,
                            const char *file_name);
/* Turns the main loop until @condition (@data) holds; fails the test,
 * naming @what, after 90 s. */
void rp_test_ui_wait_until (gboolean   (*condition) (gpointer data),
                            gpointer     data,
                            const char  *what);

/* What a window shows, as contrast checks read it: B8G8R8A8 as
 * gdk_texture_download() gives it (opaque windows: alpha is 255). */
typedef struct
{
  guchar *data;
  gsize   stride;
  int     width;
  int     height;
} RpTestUiPixels;

/* (transfer full): @widget drawn now, as a texture; a widget between two
 * frames can have nothing to snapshot, so it settles and tries again (20
 * times at most, then fails the test naming @what). */
GdkTexture *rp_test_ui_render_texture   (GtkWidget            *widget,
                                         const char           *what);
/* @texture's pixels; free with rp_test_ui_pixels_clear(). */
void        rp_test_ui_pixels_init      (RpTestUiPixels       *pixels,
                                         GdkTexture           *texture);
void        rp_test_ui_pixels_clear     (RpTestUiPixels       *pixels);
/* WCAG 2's contrast ratio of two sRGB colours 0xRRGGBB. */
double      rp_test_ui_contrast_ratio   (guint32               a,
                                         guint32               b);
/* The contrast of @label's text as drawn in @pixels (a snapshot of
 * @window): the commonest colour in its box is the background, the colour
 * farthest from it the text (@out_text, @out_background). 0 when it cannot
 * be read there: under something drawn over it (a scrim, the keyboard),
 * under 4×4 px on screen, or nothing drawn on its background (covered, or
 * scrolled out of its viewport). */
double      rp_test_ui_label_contrast   (GtkWidget            *window,
                                         GtkWidget            *label,
                                         const RpTestUiPixels *pixels,
                                         guint32              *out_text,
                                         guint32              *out_background);
/* Calls @func for every label with text that @window shows: mapped,
 * sensitive, not transparent, on @window's own surface. */
void        rp_test_ui_foreach_shown_label (GtkWidget  *window,
                                            void      (*func) (GtkWidget *label,
                                                               gpointer   data),
                                            gpointer    data);

/* Translations from the build tree (READINGPOINT_LOCALEDIR), then
 * gtk_test_init: the start of every GUI test's main(). */
void rp_test_ui_init      (int         *argc,
                           char      ***argv);
/* LANGUAGE as the test started (a copy: the kiosk tests switch it at run
 * time), "C" without it. */
const char *rp_test_ui_start_language (void);
/* The language a visit can switch to: English from Chinese, Chinese from
 * anything else. */
const char *rp_test_ui_other_language (void);
/* Writes what @window shows to RP_SCREENSHOT_DIR/ui-@page-LANGUAGE.png. */
void       rp_test_ui_screenshot_page (GtkWidget  *window,
                                       const char *page);
/* The demo catalogue built from its source folder into a fresh data
 * directory @name (set in @out_data_dir). */
RpCatalogue *rp_test_ui_source_terminal (const char  *name,
                                         RpDataDir  **out_data_dir);
/* A fresh data directory under the test's name with the demo bundle
 * installed through the real sync path, and its catalogue. */
RpDataDir *rp_test_ui_demo_terminal (const char   *name,
                                     RpCatalogue **out_catalogue);

/* A window built by the process's RpApplication (registered on first use)
 * with its parts, as the reader builds it: @catalogue and @data_dir are
 * nullable (no data dir: nothing counted). Styled and 1280×800, not yet
 * presented. */
GtkWidget *rp_test_ui_new_window    (gboolean     kiosk,
                                     RpCatalogue *catalogue,
                                     RpDataDir   *data_dir);

/* The one visible RpWindow: a language switch, and the wipe back to the
 * default language, replace the window. */
RpWindow  *rp_test_ui_shown_window  (void);

/* Real X input (XTEST) through xdotool, as a keyboard, mouse or touch
 * screen sends it. FALSE (and the test skipped) without xdotool, or when
 * @window (nullable) is not on an X11 display. */
gboolean   rp_test_ui_have_xdotool  (GtkWidget  *window);
/* Runs `xdotool @args` (split as a shell would) while this process keeps
 * answering the X server, so xdotool's --sync waits can end. */
void       rp_test_ui_xdotool       (const char *args);
/* The X window id of @window, for xdotool's --window. */
gulong     rp_test_ui_xid           (GtkWidget  *window);

/* Widgets on screen. */
typedef gboolean (*RpTestUiMatch) (GtkWidget    *widget,
                                   gconstpointer data);
/* The first mapped descendant of @root of @type for which @match (NULL:
 * any) returns TRUE. */
GtkWidget *rp_test_ui_find_widget   (GtkWidget    *root,
                                     GType         type,
                                     RpTestUiMatch match,
                                     gconstpointer data);
/* The first mapped button with action @action (and string target @target
 * unless NULL). */
GtkWidget *rp_test_ui_find_button   (GtkWidget    *root,
                                     const char   *action,
                                     const char   *target);
/* An RpTestUiMatch: a label whose text is @data. */
gboolean   rp_test_ui_label_is      (GtkWidget    *widget,
                                     gconstpointer data);
/* An RpTestUiMatch: a widget with CSS class @data. */
gboolean   rp_test_ui_has_class     (GtkWidget    *widget,
                                     gconstpointer data);
/* (transfer none) @window's home page. */
RpHomePage *rp_test_ui_home_page    (RpWindow     *window);
/* Activates @button (which must be there and sensitive), then settles. */
void       rp_test_ui_press         (GtkWidget    *button);

/* A window by rp_test_ui_new_window, presented and laid out. */
GtkWidget *rp_test_ui_show_window   (gboolean     kiosk,
                                     RpCatalogue *catalogue,
                                     RpDataDir   *data_dir);
/* Destroys @window and asserts that it is finalized: nothing (a worker's
 * result, an idle, a page) keeps it alive. Waits for what is still in
 * flight to let go of it first. */
void       rp_test_ui_destroy_window (GtkWidget  *window);

/* Until the document page has opened its attachment and has something on
 * screen: opening and drawing happen off the main thread (issue 5). */
void       rp_test_ui_wait_for_document (RpDocumentPage *page);
/* Until the search page shows the results, count and chips of its text:
 * searches run in worker threads (issue 6). */
void       rp_test_ui_wait_for_search   (RpHomePage     *home);

G_END_DECLS
