/* rp-render-helper-client.h — one document drawn by readingpoint-render-helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DESIGN.md "PDF rendering": poppler never runs in the kiosk's process. An
 * RpRenderHelper is one helper process for one document: it is started on
 * the first request, handed the document as a file descriptor, and asked
 * for page sizes, pages, links, find hits and text. Pixels come back in
 * sealed shared memory, wrapped as a cairo image surface without a copy.
 *
 * A helper that dies (a crash, its memory limit, a forbidden system call,
 * or killed from outside) fails only the request in flight, with an error
 * saying how it died; the next request starts a fresh one and reopens the
 * document. rp_render_helper_shut_down() kills it for good, from any
 * thread: how a page over the time limit is abandoned, and how closing a
 * document leaves nothing of it running.
 *
 * Threads: the request functions block, and are called from one thread at
 * a time (the render queue's worker); rp_render_helper_shut_down() and
 * rp_render_helper_get_pid() from any.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RpRenderHelper RpRenderHelper;

/* The helper program: $RP_RENDER_HELPER, else the installed one in
 * libexecdir, else the one in the build tree. */
const char      *rp_render_helper_program      (void);

/* Nothing is started until the first request. @memory_limit_bytes: the
 * helper's RLIMIT_AS (0: none; never under AddressSanitizer). */
RpRenderHelper  *rp_render_helper_new          (const char      *path,
                                                guint64          memory_limit_bytes);
/* Requests that take longer than @msec (0: no limit, the default) kill the
 * helper and fail with RP_ERROR_RENDER_TIMEOUT; the next starts another.
 * For callers without a watchdog of their own (the render queue has one). */
void             rp_render_helper_set_time_limit (RpRenderHelper *self,
                                                  guint           msec);
/* Kills the helper (if any) and waits for it. */
void             rp_render_helper_free         (RpRenderHelper  *self);
/* Any thread: kills the helper now and starts no other. Requests in flight
 * fail, later ones fail at once. */
void             rp_render_helper_shut_down    (RpRenderHelper  *self);
/* Any thread: the helper's process id, 0 while none runs. */
GPid             rp_render_helper_get_pid      (RpRenderHelper  *self);
/* How many helper processes were started (restarts included). */
guint            rp_render_helper_get_n_started (RpRenderHelper *self);

/* Any thread: starts one helper process ahead of need (a resident reading
 * an entry whose document they may open), unless one with this memory
 * limit waits already. The next RpRenderHelper with the same limit adopts
 * it at its first request instead of starting one: the tap is spared a
 * process start (spawn, dynamic linking of poppler, the sandbox). */
void             rp_render_helper_prestart      (guint64 memory_limit_bytes);
/* Any thread: kills the waiting spare, if any (the wipe: a kiosk at rest
 * keeps no process it does not need). */
void             rp_render_helper_drop_spare    (void);
/* Any thread: the waiting spare's process id, 0 when none. */
GPid             rp_render_helper_get_spare_pid (void);

/* (transfer full) (element-type double): width, height in points of every
 * page (rp_document_get_layout). Starts the helper. */
GArray          *rp_render_helper_open         (RpRenderHelper  *self,
                                                GError         **error);
/* (transfer full): page @page drawn @width_px wide, on white; its pixels
 * are the helper's shared memory, mapped read-only: never draw into it.
 * G_IO_ERROR_CANCELLED when @cancellable fired before the answer. */
cairo_surface_t *rp_render_helper_render_page  (RpRenderHelper  *self,
                                                guint            page,
                                                int              width_px,
                                                GCancellable    *cancellable,
                                                GError         **error);
/* (transfer full) (element-type RpLink) */
GPtrArray       *rp_render_helper_get_links    (RpRenderHelper  *self,
                                                guint            page,
                                                GError         **error);
/* (transfer full) (element-type RpPageRect): as rp_document_find_text. */
GArray          *rp_render_helper_find_text    (RpRenderHelper  *self,
                                                guint            page,
                                                const char      *query,
                                                GError         **error);
/* (transfer full): the text of @page. */
char            *rp_render_helper_get_text     (RpRenderHelper  *self,
                                                guint            page,
                                                GError         **error);

G_END_DECLS
