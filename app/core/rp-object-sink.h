/* rp-object-sink.h — where a sync source writes one object being fetched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sink is a partial file of an object with a declared size and hash. It
 * hashes while it writes, refuses to grow past the declared size (so an
 * endless or over-long body is cut off at the first extra byte), remembers
 * the origin's validator (ETag) next to the partial file so a later run can
 * resume with Range + If-Range, and only ever hands the object to the store
 * once size and hash match. Used by one thread at a time.
 */
#pragma once

#include <glib-object.h>

#include "rp-types.h"

G_BEGIN_DECLS

typedef struct _RpObjectSink RpObjectSink;
typedef struct _RpSyncProgress RpSyncProgress;

/* Opens (or resumes) the partial file @partial_path. (transfer full) */
RpObjectSink *rp_object_sink_open          (const char     *partial_path,
                                            const char     *sha256,
                                            guint64         size,
                                            RpSyncProgress *progress,
                                            GError        **error);
void          rp_object_sink_free          (RpObjectSink   *sink);
const char   *rp_object_sink_get_sha256    (RpObjectSink   *sink);
guint64       rp_object_sink_get_size      (RpObjectSink   *sink);
/* Bytes already held: where a resumed transfer starts. */
guint64       rp_object_sink_get_offset    (RpObjectSink   *sink);
/* (nullable): the validator the held bytes came with. */
const char   *rp_object_sink_get_validator (RpObjectSink   *sink);
void          rp_object_sink_set_validator (RpObjectSink   *sink,
                                            const char     *validator);
/* Fails with RP_ERROR_OBJECT_MISMATCH if the object would grow past its
 * declared size, with RP_ERROR_IO if the disk refuses. */
gboolean      rp_object_sink_write         (RpObjectSink   *sink,
                                            const void     *data,
                                            gsize           length,
                                            GError        **error);
/* Drops what is held and starts again from offset 0. */
gboolean      rp_object_sink_restart       (RpObjectSink   *sink,
                                            GError        **error);
/* Checks size and hash and closes the file, starting its write-out; the
 * complete object stays at the partial path until rp_object_store_adopt()
 * flushes and moves it into the store. On a mismatch the partial file is
 * deleted. */
gboolean      rp_object_sink_finish        (RpObjectSink   *sink,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpObjectSink, rp_object_sink_free)

G_END_DECLS
