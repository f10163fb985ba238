/* rp-state-db.h — state.db: installed versions, sync log, audit log, ETags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * WAL with synchronous=FULL: a recorded install survives a power cut. The
 * audit log is hash-chained (each row's hash covers the previous hash and
 * the row), so a removed or edited row is detected, except at the end:
 * deleting the newest rows leaves a shorter chain that still holds. The
 * head (how many rows, and the newest hash) therefore leaves the machine
 * in status output and usage uploads; against such an anchor, kept where
 * the kiosk user cannot rewrite it, truncation shows too. One connection
 * per thread; several processes may share the file (busy timeout).
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
/* Counts one start of the reading program (the GUI) on this data
 * directory. The count only grows; reports carry it, so the office tells
 * restarts from the difference between two reports. */
gboolean   rp_state_db_count_start         (RpStateDb  *self,
                                            GError    **error);
/* The outcome of the newest `verify` (re-hash of the installed bundle):
 * reports carry it to the office. @message: NULL when it passed. */
gboolean   rp_state_db_set_last_verify     (RpStateDb  *self,
                                            gboolean    ok,
                                            const char *message,
                                            GError    **error);
/* FALSE when no verify was recorded; out values (transfer full). */
gboolean   rp_state_db_get_last_verify     (RpStateDb  *self,
                                            char      **out_at,
                                            gboolean   *out_ok,
                                            char      **out_message);
/* How many starts were counted (0 before the first). */
gint64     rp_state_db_get_starts          (RpStateDb  *self);
/* The newest sync log row's parts (each transfer full, nullable); FALSE
 * when the log is empty. */
gboolean   rp_state_db_get_last_sync_parts (RpStateDb  *self,
                                            char      **out_at,
                                            char      **out_outcome,
                                            char      **out_message);
gboolean   rp_state_db_audit               (RpStateDb  *self,
                                            const char *actor,
                                            const char *action,
                                            const char *detail,
                                            GError    **error);
/* Re-computes the chain; fails naming the first row that does not match. */
gboolean   rp_state_db_check_audit_chain   (RpStateDb  *self,
                                            guint      *out_n_rows,
                                            GError    **error);
/* The chain head: @out_seq rows (0 for an empty log) ending in
 * @out_hash (transfer full; 64 zeros for an empty log). Does not walk the
 * chain; rp_state_db_verify_audit_chain does. */
gboolean   rp_state_db_get_audit_head      (RpStateDb  *self,
                                            gint64     *out_seq,
                                            char      **out_hash,
                                            GError    **error);
/* Walks the chain like rp_state_db_check_audit_chain and, when @anchor_hash
 * is not NULL, also requires that row number @anchor_seq (from 1) still
 * exists and ends the chain prefix with @anchor_hash: an anchor the office
 * kept from an earlier upload, so deleted newest rows are detected. */
gboolean   rp_state_db_verify_audit_chain  (RpStateDb  *self,
                                            gint64      anchor_seq,
                                            const char *anchor_hash,
                                            gint64     *out_n_rows,
                                            GError    **error);
/* "SEQ:HASH" (as status prints it) into its parts; @out_hash transfer full. */
gboolean   rp_state_db_parse_audit_anchor  (const char *text,
                                            gint64     *out_seq,
                                            char      **out_hash,
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
