/* rp-state-db.h — state.db: installed versions, sync log, audit log, ETags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * WAL with synchronous=FULL: a recorded install survives a power cut. The
 * audit log is hash-chained (each row's hash covers the previous hash and
 * the row), so a removed or edited row is detected. One connection per
 * thread; several processes may share the file (busy timeout).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RP_TYPE_STATE_DB (rp_state_db_get_type ())
G_DECLARE_FINAL_TYPE (RpStateDb, rp_state_db, RP, STATE_DB, GObject)

RpStateDb *rp_state_db_open                (const char *path,
                                            GError    **error);
/* Highest version ever installed on @channel, 0 if none. */
gint64     rp_state_db_get_max_version     (RpStateDb  *self,
                                            const char *channel);
gboolean   rp_state_db_record_install      (RpStateDb  *self,
                                            const char *channel,
                                            gint64      version,
                                            const char *bundle,
                                            const char *key_id,
                                            const char *origin,
                                            GError    **error);
/* Best effort: a full disk must not hide the reason a sync failed. */
void       rp_state_db_log_sync            (RpStateDb  *self,
                                            const char *origin,
                                            const char *channel,
                                            gint64      version,
                                            const char *outcome,
                                            const char *message);
/* (transfer full) (nullable): the newest sync log row as "time outcome: message". */
char      *rp_state_db_get_last_sync       (RpStateDb  *self);
gboolean   rp_state_db_audit               (RpStateDb  *self,
                                            const char *actor,
                                            const char *action,
                                            const char *detail,
                                            GError    **error);
/* Re-computes the chain; fails naming the first row that does not match. */
gboolean   rp_state_db_check_audit_chain   (RpStateDb  *self,
                                            guint      *out_n_rows,
                                            GError    **error);
/* (transfer full): the newest @limit audit rows, newest first, each as
 * "time  actor  action  detail". */
GStrv      rp_state_db_list_audit          (RpStateDb  *self,
                                            guint       limit);
/* (transfer full) (nullable) */
char      *rp_state_db_get_etag            (RpStateDb  *self,
                                            const char *origin,
                                            const char *path);
void       rp_state_db_set_etag            (RpStateDb  *self,
                                            const char *origin,
                                            const char *path,
                                            const char *etag);

G_END_DECLS
