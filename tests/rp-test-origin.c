/* rp-test-origin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "rp-test-origin.h"
#include "rp-test-util.h"

static GPid nginx_pid;
static char *nginx_dir;
static guint nginx_port;
static gsize log_mark;

static const char *
publish_program (void)
{
  const char *publish = g_getenv ("RP_PUBLISH");
  g_assert_nonnull (publish);
  return publish;
}

void
rp_test_keygen (const char *dir,
                const char *name,
                char      **out_sk,
                char      **out_pk)
{
  g_autofree char *sk_name = g_strconcat (name, ".sec", NULL);
  g_autofree char *pk_name = g_strconcat (name, ".pub", NULL);
  char *sk = g_build_filename (dir, sk_name, NULL);
  char *pk = g_build_filename (dir, pk_name, NULL);

  g_assert_cmpint (rp_test_run (NULL, NULL, publish_program (), "keygen", "--secret-key", sk, "--public-key", pk,
                                NULL), ==, 0);
  *out_sk = sk;
  *out_pk = pk;
}

static void
publish (const char *source,
         const char *origin,
         const char *sk,
         gint64      version,
         int         expires_days,
         gboolean    allow_broken)
{
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  g_autofree char *days = g_strdup_printf ("%d", expires_days);
  g_autofree char *err = NULL;
  /* Without --allow-broken the argument list ends one early. */
  int status = rp_test_run (NULL, &err, publish_program (), "build", source, origin, "--secret-key", sk,
                            "--version", v, "--expires-days", days, allow_broken ? "--allow-broken" : NULL,
                            NULL);

  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

void
rp_test_publish (const char *source,
                 const char *origin,
                 const char *sk,
                 gint64      version,
                 int         expires_days)
{
  publish (source, origin, sk, version, expires_days, FALSE);
}

void
rp_test_publish_broken (const char *source,
                        const char *origin,
                        const char *sk,
                        gint64      version,
                        int         expires_days)
{
  publish (source, origin, sk, version, expires_days, TRUE);
}

char *
rp_test_make_revision (const char *name,
                       gint64      version)
{
  char *dir = rp_test_make_source (name);

  if (version > 1)
    {
      g_autofree char *pdf = g_build_filename (dir, "files", "enrolment.pdf", NULL);
      g_autofree char *text = g_strdup_printf ("Enrolment, revision %" G_GINT64_FORMAT, version);
      rp_test_write_pdf (pdf, 3, text);
    }
  return dir;
}

void
rp_test_age_latest (const char *origin,
                    const char *channel,
                    gint64      hours_ago)
{
  g_autofree char *latest = g_build_filename (origin, "channels", channel, "latest.json", NULL);
  struct utimbuf times = { time (NULL) - 3600 * hours_ago, time (NULL) - 3600 * hours_ago };

  g_assert_cmpint (utime (latest, &times), ==, 0);
}

void
rp_test_configure (GSettings  *settings,
                   const char *pk_file,
                   const char *channel,
                   const char *url)
{
  g_autofree char *key = NULL;
  const char *trusted[] = { NULL, NULL };

  g_assert_true (g_file_get_contents (pk_file, &key, NULL, NULL));
  trusted[0] = key;
  g_settings_set_strv (settings, "trusted-keys", trusted);
  g_settings_set_string (settings, "channel", channel);
  g_settings_set_string (settings, "origin-url", url);
}

static void
stop_nginx (void)
{
  if (nginx_pid > 0)
    {
      kill (nginx_pid, SIGTERM);
      waitpid (nginx_pid, NULL, 0);
      nginx_pid = 0;
    }
}

static guint
free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  close (fd);
  return ntohs (addr.sin_port);
}

/* A socket connected to @port on loopback, or -1. */
static int
loopback_connect (guint port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
nginx_answers (gpointer data)
{
  int fd = loopback_connect (nginx_port);

  if (fd >= 0)
    close (fd);
  return fd >= 0;
}

/* Locations, each a folder under the root holding origins:
 *   /…          plain static files (ETag, Range, If-Range, If-None-Match)
 *   /norange/   ignores Range (answers 200)
 *   /r416/      answers 416 to any Range
 *   /gzrange/   labels range responses Content-Encoding: gzip
 *   /drip/      serves objects at 1 byte/s
 *   /captive/   a captive portal: an HTML login page for everything
 *   /busy/      503 with Retry-After: 7 for everything (an origin shedding load)
 *   /slowdown/  429 with Retry-After: 3 for everything (a rate limit)
 *   /dav/       accepts WebDAV PUT (usage reports), as an origin would, and lists
 *               folders with PROPFIND (nginx's dav-ext module, when installed)
 *               and as JSON (autoindex): readingpoint-fleet collect over HTTP
 *   /davjson/   the same folder, listed as JSON only (no PROPFIND) */
/* Debian's libnginx-mod-http-dav-ext: PROPFIND for nginx's DAV. */
#define DAV_EXT_MODULE "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so"

static const char nginx_conf[] =
  "%s"
  "daemon off;\n"
  "master_process off;\n"
  "user root;\n"
  "worker_processes 1;\n"
  "pid %s/nginx.pid;\n"
  "error_log %s/error.log;\n"
  "events { worker_connections 256; }\n"
  "http {\n"
  "  log_format rp '$request_method $uri $status $body_bytes_sent $bytes_sent \"$http_range\"';\n"
  "  access_log %s/access.log rp;\n"
  "  client_body_temp_path %s/tmp-body; proxy_temp_path %s/tmp-proxy;\n"
  "  fastcgi_temp_path %s/tmp-fcgi; uwsgi_temp_path %s/tmp-uwsgi; scgi_temp_path %s/tmp-scgi;\n"
  "  types { application/json json; }\n"
  "  default_type application/octet-stream;\n"
  "  sendfile on;\n"
  "  server {\n"
  "    listen 127.0.0.1:%u;\n"
  "    root %s;\n"
  "    location /norange/ { max_ranges 0; }\n"
  "    location /r416/ { if ($http_range) { return 416; } }\n"
  "    location /gzrange/ { if ($http_range) { add_header Content-Encoding gzip always; } }\n"
  "    location /drip/ { }\n"
  "    location /drip/objects/ { limit_rate 1; }\n"
  "    location ~ ^/drip/[^/]+/objects/ { limit_rate 1; }\n"
  "    location /busy/ { add_header Retry-After 7 always; return 503; }\n"
  "    location /slowdown/ { add_header Retry-After 3 always; return 429; }\n"
  "    location /captive/ { default_type text/html; return 200 \"<html><body>Log in to the hotel Wi-Fi</body></html>\"; }\n"
  "    location /dav/ { dav_methods PUT; create_full_put_path on; dav_access user:rw all:r; client_max_body_size 16m; autoindex on; autoindex_format json; %s}\n"
  "    location /davjson/ { alias %s/dav/; autoindex on; autoindex_format json; }\n"
  "  }\n"
  "}\n";

/* nginx must not outlive a test that aborts (its atexit never runs). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
rp_test_nginx_start (const char *root)
{
  g_autofree char *conf_path = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "nginx", "-p", NULL, "-c", NULL, NULL };

  g_assert_cmpint (nginx_pid, ==, 0);
  /* A restart (after rp_test_nginx_stop) keeps the port and the folder. */
  if (nginx_dir == NULL)
    {
      nginx_dir = rp_test_make_dir ("nginx");
      nginx_port = free_port ();
      atexit (stop_nginx);
    }
  conf = g_strdup_printf (nginx_conf, g_file_test (DAV_EXT_MODULE, G_FILE_TEST_EXISTS) ? "load_module " DAV_EXT_MODULE ";\n" : "",
                          nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir,
                          nginx_dir, nginx_port, root,
                          g_file_test (DAV_EXT_MODULE, G_FILE_TEST_EXISTS) ? "dav_ext_methods PROPFIND OPTIONS; " : "",
                          root);
  conf_path = g_build_filename (nginx_dir, "nginx.conf", NULL);
  g_file_set_contents (conf_path, conf, -1, &error);
  g_assert_no_error (error);
  argv[2] = nginx_dir;
  argv[4] = conf_path;
  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                   G_SPAWN_STDERR_TO_DEV_NULL,
                 die_with_parent, NULL, &nginx_pid, &error);
  g_assert_no_error (error);
  rp_test_wait_until (nginx_answers, NULL, 60, "nginx accepts connections");
}

char *
rp_test_nginx_url (const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u/%s", nginx_port, path);
}

typedef struct
{
  char  *path;
  char  *marker;
  char  *text;
  gsize  length;
} LogWait;

static gboolean
log_has_marker (gpointer data)
{
  LogWait *settled = data;

  g_clear_pointer (&settled->text, g_free);
  return g_file_get_contents (settled->path, &settled->text, &settled->length, NULL) &&
         strstr (settled->text, settled->marker) != NULL;
}

/* (transfer full): the access log once every request answered so far is
 * in it. nginx writes a request's line after the response; it runs one
 * process with one event loop, so once a marker request sent now has its
 * line, every earlier response has one too. Marker lines end the text. */
static char *
nginx_log_settled (gsize *out_length)
{
  static guint n_markers;
  g_autofree char *uri = g_strdup_printf ("/rp-test-log-marker-%u", ++n_markers);
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.0\r\n\r\n", uri);
  LogWait settled = { .path = g_build_filename (nginx_dir, "access.log", NULL),
                      .marker = g_strconcat (" ", uri, " ", NULL) };
  char reply[512];
  int fd = loopback_connect (nginx_port);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, request, strlen (request)), ==, (gssize) strlen (request));
  while (read (fd, reply, sizeof reply) > 0)
    ;
  close (fd);
  rp_test_wait_until (log_has_marker, &settled, 60, "nginx logs the marker request");
  g_free (settled.path);
  g_free (settled.marker);
  *out_length = settled.length;
  return settled.text;
}

GStrv
rp_test_nginx_log (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  text = nginx_log_settled (&length);
  if (log_mark > length)
    log_mark = 0;
  lines = g_strsplit_set (g_strchomp (text + log_mark), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && strstr (lines[i], " /rp-test-log-marker-") == NULL)
      g_strv_builder_add (builder, lines[i]);
  return g_strv_builder_end (builder);
}

void
rp_test_nginx_mark (void)
{
  g_free (nginx_log_settled (&log_mark));
}

void
rp_test_nginx_stop (void)
{
  stop_nginx ();
}
