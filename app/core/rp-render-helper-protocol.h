/* rp-render-helper-protocol.h — what the kiosk and readingpoint-render-helper
 * say to each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SOCK_SEQPACKET socket pair: every message is one packet, so there is
 * no framing to get wrong and a request or reply is never half read. The
 * client sends an RpHelperRequest; the helper answers each with exactly one
 * RpHelperReply, in order, except RP_HELPER_OP_CANCEL, which has no reply.
 *
 * File descriptors travel as SCM_RIGHTS: the document with OPEN (the helper
 * needs no file-system access to read it), and every variable-sized answer
 * but pixels (page sizes, links, find hits, text) as a sealed memfd
 * (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE, rp_helper_blob_*) that the
 * client maps read-only.
 *
 * Pixels go into slots (rp_helper_slot_*): shared memory the CLIENT makes,
 * sealed against shrinking and growing (so no mapping of it can ever fault)
 * and mapped once on each side, then drawn into page after page. The client
 * decides which slot a RENDER uses (one no page it still shows lives in)
 * and passes the slot's memfd with the request only when this helper
 * process has not mapped it yet. A fresh sealed memfd per page cost more
 * than drawing the page (allocating, zeroing and mapping 19 MB on every
 * page, RESULTS.md); a slot costs nothing after its first page. What a
 * slot gives up is F_SEAL_WRITE: the helper could scribble on a page the
 * kiosk shows, which it could as well have drawn that way; it can never
 * make the kiosk read outside the slot. RP_HELPER_SLOT_ONCE is a slot used
 * for one page and forgotten, when the client's slots are all in use.
 *
 * Both ends are built from the same tree, so the structures are sent as
 * they are in memory; a size mismatch is a protocol error.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RP_HELPER_OP_OPEN = 1, /* fd: the document → blob: (width, height) doubles per page */
  RP_HELPER_OP_RENDER,   /* page, width → blob: ARGB32 pixels, width × height, stride */
  RP_HELPER_OP_LINKS,    /* page → blob: RpHelperLink records (n_items of them) */
  RP_HELPER_OP_FIND,     /* page, query → blob: RpPageRect array (n_items of them) */
  RP_HELPER_OP_TEXT,     /* page → blob: the page's text, UTF-8, no NUL */
  RP_HELPER_OP_CANCEL,   /* id: the request to drop; no reply */
} RpHelperOp;

typedef enum
{
  RP_HELPER_STATUS_OK = 0,
  RP_HELPER_STATUS_ERROR,     /* error_code (RpError) and message say why */
  RP_HELPER_STATUS_CANCELLED, /* a CANCEL for this id arrived in time */
} RpHelperStatus;

#define RP_HELPER_MAX_QUERY   1024
#define RP_HELPER_MAX_MESSAGE 512

typedef struct
{
  guint32 op;
  guint32 id;
  guint32 page;
  gint32  width;
  guint32 slot;      /* RENDER: where to draw, < RP_HELPER_MAX_SLOTS or RP_HELPER_SLOT_ONCE */
  gint32  passed_fd; /* set by the receiver: the descriptor that came with it, -1: none */
  char    query[RP_HELPER_MAX_QUERY]; /* FIND: NUL-terminated */
} RpHelperRequest;

/* Slots a client may keep mapped in one helper process. */
#define RP_HELPER_MAX_SLOTS 8
#define RP_HELPER_SLOT_ONCE RP_HELPER_MAX_SLOTS

typedef struct
{
  guint32 op;
  guint32 id;
  guint32 status;
  gint32  error_code;
  gint32  width;       /* RENDER */
  gint32  height;      /* RENDER */
  gint32  stride;      /* RENDER */
  guint32 n_items;     /* OPEN: pages; LINKS, FIND: records */
  guint32 slots_forgotten; /* RENDER: the helper unmapped every other slot (out of address space) */
  guint32 padding;
  guint64 blob_size;   /* bytes of the memfd sent with the reply; 0: none */
  char    message[RP_HELPER_MAX_MESSAGE];
} RpHelperReply;

/* One link in a LINKS blob; its URI (uri_len bytes, no NUL) follows. */
typedef struct
{
  double  x1, y1, x2, y2;
  double  dest_top;
  gint32  kind;
  gint32  dest_page;
  guint32 uri_len;
  guint32 padding;
} RpHelperLink;

/* Sends one packet of @len bytes, with @fd_to_pass (-1: none). */
gboolean rp_helper_send       (int           sock,
                               const void   *msg,
                               gsize         len,
                               int           fd_to_pass,
                               GError      **error);
/* Receives one packet into @buf; *@fd_out is the descriptor that came with
 * it, or -1. Returns the packet's length, 0 when the peer has gone, -1 on
 * error. @flags as for recvmsg (MSG_DONTWAIT). */
gssize   rp_helper_recv       (int           sock,
                               void         *buf,
                               gsize         len,
                               int          *fd_out,
                               int           flags);

/* A memfd of @size bytes mapped read-write at *@data, not yet sealed;
 * -1 with @error when memory is short. */
int      rp_helper_blob_new   (gsize         size,
                               void        **data,
                               GError      **error);
/* Unmaps @data and seals @fd against any change. */
gboolean rp_helper_blob_seal  (int           fd,
                               void         *data,
                               gsize         size,
                               GError      **error);
/* Maps a blob read-only after checking it is sealed and @size bytes long.
 * Unmap with munmap (data, size). */
void    *rp_helper_blob_map   (int           fd,
                               gsize         size,
                               GError      **error);

/* Client: a slot of @size bytes, sealed against resizing; its memfd, and
 * in @data a read-only mapping of it (not populated: pages are only
 * allocated as the helper draws). */
int      rp_helper_slot_new   (gsize         size,
                               void        **data,
                               GError      **error);
/* Helper: a writable, populated mapping of the slot @fd, after checking it
 * cannot be resized and is @size bytes. */
void    *rp_helper_slot_map   (int           fd,
                               gsize         size,
                               GError      **error);

G_END_DECLS
