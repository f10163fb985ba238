/* rp-test-origin.h — origins, keys and a real nginx for the sync tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rp-test-util.h"

G_BEGIN_DECLS

/* Runs `readingpoint-publish keygen` (RP_PUBLISH); paths in @dir. */
void     rp_test_keygen        (const char *dir,
                                const char *name,
                                char      **out_sk,
                                char      **out_pk);
/* Runs `readingpoint-publish build` and asserts it succeeded. */
void     rp_test_publish       (const char *source,
                                const char *origin,
                                const char *sk,
                                gint64      version,
                                int         expires_days);
/* The same with --allow-broken: for sources whose files are filler bytes,
 * not documents (the publish gate would refuse them). */
void     rp_test_publish_broken (const char *source,
                                 const char *origin,
                                 const char *sk,
                                 gint64      version,
                                 int         expires_days);

/* The test source (rp_test_make_source) as of @version: from 2 on its
 * PDF's text names the revision, so versions differ by one object. */
char    *rp_test_make_revision (const char *name,
                                gint64      version);
/* Sets latest.json of @channel in @origin @hours_ago old: nginx's ETag is
 * mtime (in seconds) and size, so two versions published within a second
 * would look alike to a conditional poll. */
void     rp_test_age_latest    (const char *origin,
                                const char *channel,
                                gint64      hours_ago);
/* Configures @settings (the memory backend) to follow @channel at @url,
 * trusting the key in @pk_file. */
void     rp_test_configure     (GSettings  *settings,
                                const char *pk_file,
                                const char *channel,
                                const char *url);

/* One nginx serving @root on a free loopback port, with the test locations
 * (see rp-test-origin.c); stopped at exit. */
void     rp_test_nginx_start   (const char *root);
/* Stops it; rp_test_nginx_start() then restarts it on the same port. */
void     rp_test_nginx_stop    (void);
/* (transfer full): http://127.0.0.1:PORT/@path */
char    *rp_test_nginx_url     (const char *path);
/* (transfer full): the access log's lines so far:
 * "METHOD URI STATUS BODY_BYTES BYTES_SENT RANGE" */
GStrv    rp_test_nginx_log     (void);
/* Forgets the log lines so far (for counting one sync's requests). */
void     rp_test_nginx_mark    (void);

G_END_DECLS
