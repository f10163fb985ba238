/* rp-fleet-origin.c — reading an origin's folders and files for collect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A folder is read directly; an http(s) origin is listed with WebDAV
 * PROPFIND or, where the server refuses that, nginx's JSON autoindex.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "rp-error.h"
#include "rp-fleet-origin.h"

/* Caps on what the origin may hand us. */
#define MAX_LISTING_SIZE (64 * 1024 * 1024)

gboolean
rp_fleet_origin_open (RpFleetOrigin *o,
                      const char    *origin,
                      GError       **error)
{
  o->http = g_str_has_prefix (origin, "http://") || g_str_has_prefix (origin, "https://");
  o->base = g_strdup (origin);
  while (strlen (o->base) > 1 && g_str_has_suffix (o->base, "/"))
    o->base[strlen (o->base) - 1] = '\0';
  if (o->http)
    o->session = soup_session_new_with_options ("timeout", 60, "user-agent", "readingpoint-fleet", NULL);
  else if (!g_file_test (o->base, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "“%s” is neither a folder nor an http(s) URL", origin);
      return FALSE;
    }
  return TRUE;
}

void
rp_fleet_origin_clear (RpFleetOrigin *o)
{
  g_free (o->base);
  g_clear_object (&o->session);
}

static GBytes *
http_get (RpFleetOrigin  *o,
          const char     *url,
          gsize           cap,
          guint          *out_status,
          GError        **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_status = 0;
  if (msg == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "“%s” is not a valid URL", url);
      return NULL;
    }
  body = soup_session_send_and_read (o->session, msg, NULL, &local_error);
  if (body == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "Cannot read %s: %s", url, local_error->message);
      return NULL;
    }
  *out_status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (*out_status))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "%s answered HTTP %u", url, *out_status);
      return NULL;
    }
  if (g_bytes_get_size (body) > cap)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "%s is larger than %" G_GSIZE_FORMAT " bytes", url, cap);
      return NULL;
    }
  return g_steal_pointer (&body);
}

/* Reads @rel (relative to the origin). (nullable): NULL with
 * G_IO_ERROR_NOT_FOUND when absent. */
/* One open, no lstat before it (collect reads two files a report): a
 * symbolic link fails to open, a FIFO does not block, anything but a
 * regular file or past @cap is refused. */
static GBytes *
read_local (const char *path,
            gsize       cap,
            GError    **error)
{
  g_autofree char *data = NULL;
  struct stat st;
  gsize length = 0;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      if (saved == ELOOP)
        g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH, "%s is a symbolic link", path);
      else
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "Cannot open %s: %s", path,
                     g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s is not a regular file", path);
      return NULL;
    }
  if ((guint64) st.st_size > cap)
    {
      close (fd);
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s is larger than %" G_GSIZE_FORMAT " bytes", path, cap);
      return NULL;
    }
  /* One byte more than the size: a file that grew since fstat is seen. */
  data = g_malloc ((gsize) st.st_size + 1);
  while (length <= (gsize) st.st_size)
    {
      gssize n = read (fd, data + length, (gsize) st.st_size + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "Cannot read %s: %s", path,
                       g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  close (fd);
  if (length > (gsize) st.st_size)
    {
      /* Still being written: judged next time, whole. */
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s grew while it was read", path);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

GBytes *
rp_fleet_origin_read (RpFleetOrigin  *o,
                      const char     *rel,
                      gsize           cap,
                      GError        **error)
{
  if (o->http)
    {
      g_autofree char *url = g_strconcat (o->base, "/", rel, NULL);
      guint status = 0;
      g_autoptr(GError) local_error = NULL;
      GBytes *bytes = http_get (o, url, cap, &status, &local_error);

      if (bytes == NULL && status == SOUP_STATUS_NOT_FOUND)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: not found", url);
      else if (bytes == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return bytes;
    }
  else
    {
      g_autofree char *path = g_build_filename (o->base, rel, NULL);

      return read_local (path, cap, error);
    }
}

static gboolean
name_is_safe (const char *name)
{
  return name != NULL && *name != '\0' && *name != '.' && strchr (name, '/') == NULL &&
         strchr (name, '\\') == NULL && g_utf8_validate (name, -1, NULL);
}

static gboolean
has_suffix (const char *name,
            const char *suffix)
{
  return suffix == NULL || g_str_has_suffix (name, suffix);
}

/* The inode a folder listing's stamp ends with (size:time:inode). */
static guint64
stamp_inode (const char *stamp)
{
  const char *colon = strrchr (stamp, ':');

  return colon ? g_ascii_strtoull (colon + 1, NULL, 10) : 0;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A WebDAV multistatus answer, read with GMarkup: one entry per
 * <response>, its href, whether it is a collection, its size and time.
 * Element names are matched without their namespace prefix. */
typedef struct
{
  GPtrArray *hrefs;      /* char * */
  GArray    *dirs;       /* gboolean */
  GPtrArray *stamps;     /* char * */
  GString   *text;
  char      *href;
  char      *length;
  char      *modified;
  gboolean   collection;
  gboolean   in_response;
} Multistatus;

static void
replace_string (char      **target,
                const char *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

static const char *
local_name (const char *element)
{
  const char *colon = strrchr (element, ':');
  return colon ? colon + 1 : element;
}

static void
ms_start (GMarkupParseContext *context,
          const char          *element,
          const char         **names,
          const char         **values,
          gpointer             user_data,
          GError             **error)
{
  Multistatus *ms = user_data;
  const char *name = local_name (element);

  g_string_truncate (ms->text, 0);
  if (g_str_equal (name, "response"))
    {
      ms->in_response = TRUE;
      ms->collection = FALSE;
      g_clear_pointer (&ms->href, g_free);
      g_clear_pointer (&ms->length, g_free);
      g_clear_pointer (&ms->modified, g_free);
    }
  else if (g_str_equal (name, "collection"))
    ms->collection = TRUE;
}

static void
ms_end (GMarkupParseContext *context,
        const char          *element,
        gpointer             user_data,
        GError             **error)
{
  Multistatus *ms = user_data;
  const char *name = local_name (element);

  if (!ms->in_response)
    return;
  if (g_str_equal (name, "href"))
    replace_string (&ms->href, g_strstrip (ms->text->str));
  else if (g_str_equal (name, "getcontentlength"))
    replace_string (&ms->length, g_strstrip (ms->text->str));
  else if (g_str_equal (name, "getlastmodified"))
    replace_string (&ms->modified, g_strstrip (ms->text->str));
  else if (g_str_equal (name, "response"))
    {
      ms->in_response = FALSE;
      if (ms->href != NULL)
        {
          g_ptr_array_add (ms->hrefs, g_steal_pointer (&ms->href));
          g_array_append_val (ms->dirs, ms->collection);
          g_ptr_array_add (ms->stamps, g_strdup_printf ("%s:%s", ms->length ? ms->length : "-1",
                                                        ms->modified ? ms->modified : ""));
        }
    }
  g_string_truncate (ms->text, 0);
}

static void
ms_text (GMarkupParseContext *context,
         const char          *text,
         gsize                length,
         gpointer             user_data,
         GError             **error)
{
  g_string_append_len (((Multistatus *) user_data)->text, text, length);
}

/* The path of @href (a path, or a whole URL), unescaped, without a
 * trailing slash. (transfer full) (nullable) */
static char *
href_path (const char *href)
{
  g_autoptr(GUri) uri = g_uri_parse (href, G_URI_FLAGS_ENCODED, NULL);
  const char *path = uri ? g_uri_get_path (uri) : href;
  char *unescaped = g_uri_unescape_string (path, NULL);

  if (unescaped != NULL)
    while (strlen (unescaped) > 1 && g_str_has_suffix (unescaped, "/"))
      unescaped[strlen (unescaped) - 1] = '\0';
  return unescaped;
}

/* Lists @url with PROPFIND (Depth: 1). Returns NULL with *@out_refused
 * when the server does not do PROPFIND (the caller falls back to a JSON
 * listing), or NULL with @error when the origin cannot be read. */
static GPtrArray *
propfind_list (RpFleetOrigin  *o,
               const char     *url,
               gboolean        directories,
               const char     *suffix,
               GHashTable     *stamps,
               gboolean       *out_refused,
               GError        **error)
{
  static const char body[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/>"
    "</D:prop></D:propfind>";
  g_autoptr(SoupMessage) msg = soup_message_new ("PROPFIND", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GUri) self_uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *self_path = self_uri ? href_path (g_uri_get_path (self_uri)) : NULL;
  static const GMarkupParser parser = { ms_start, ms_end, ms_text, NULL, NULL };
  Multistatus ms = { g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (gboolean)),
                     g_ptr_array_new_with_free_func (g_free), g_string_new (NULL), NULL, NULL, NULL, FALSE, FALSE };
  gboolean parsed;
  gboolean ok = FALSE;

  *out_refused = FALSE;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Depth", "1");
  soup_message_set_request_body_from_bytes (msg, "application/xml",
                                            g_bytes_new_static (body, sizeof body - 1));
  answer = soup_session_send_and_read (o->session, msg, NULL, &local_error);
  if (answer == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "Cannot list %s: %s", url, local_error->message);
      goto out;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_MULTI_STATUS || g_bytes_get_size (answer) > MAX_LISTING_SIZE)
    {
      *out_refused = TRUE;
      goto out;
    }
  context = g_markup_parse_context_new (&parser, 0, &ms, NULL);
  parsed = g_markup_parse_context_parse (context, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                         &local_error) &&
           g_markup_parse_context_end_parse (context, &local_error);
  if (!parsed)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "%s answered PROPFIND with a broken listing: %s", url,
                   local_error->message);
      goto out;
    }
  for (guint i = 0; i < ms.hrefs->len; i++)
    {
      g_autofree char *path = href_path (ms.hrefs->pdata[i]);
      const char *name = path ? strrchr (path, '/') : NULL;

      /* The folder itself is the first response of a Depth: 1 listing. */
      if (path == NULL || g_strcmp0 (path, self_path) == 0 || name == NULL)
        continue;
      name++;
      if (!name_is_safe (name) || !has_suffix (name, suffix) || g_array_index (ms.dirs, gboolean, i) != directories)
        continue;
      g_ptr_array_add (names, g_strdup (name));
      if (stamps != NULL)
        g_hash_table_insert (stamps, g_strdup (name), g_strdup (ms.stamps->pdata[i]));
    }
  ok = TRUE;
out:
  g_ptr_array_unref (ms.hrefs);
  g_array_unref (ms.dirs);
  g_ptr_array_unref (ms.stamps);
  g_string_free (ms.text, TRUE);
  g_free (ms.href);
  g_free (ms.length);
  g_free (ms.modified);
  return ok ? g_steal_pointer (&names) : NULL;
}

/* (transfer full): the names in @rel, directories or files as asked,
 * ending in @suffix unless it is NULL, sorted. An http origin is listed with WebDAV PROPFIND; a server that does
 * not answer it must list folders as nginx's `autoindex on;
 * autoindex_format json;` does. */
GPtrArray *
rp_fleet_origin_list (RpFleetOrigin  *o,
                      const char     *rel,
                      gboolean        directories,
                      const char     *suffix,
                      GHashTable     *known,
                      GHashTable     *stamps,
                      GError        **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (o->http && !o->no_propfind)
    {
      g_autofree char *url = g_strconcat (o->base, "/", rel, "/", NULL);
      gboolean refused = FALSE;
      g_autoptr(GError) local_error = NULL;
      GPtrArray *listed = propfind_list (o, url, directories, suffix, stamps, &refused, &local_error);

      if (listed != NULL)
        {
          o->listing = "propfind";
          g_ptr_array_sort (listed, compare_names);
          return listed;
        }
      if (!refused)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      o->no_propfind = TRUE;
    }
  if (o->http)
    {
      g_autofree char *url = g_strconcat (o->base, "/", rel, "/", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GBytes) body = NULL;
      JsonNode *root;
      JsonArray *array;
      guint status = 0;

      o->listing = "json";
      body = http_get (o, url, MAX_LISTING_SIZE, &status, error);
      if (body == NULL)
        return NULL;
      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
          !JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
        {
          g_set_error (error, RP_ERROR, RP_ERROR_NETWORK,
                       "%s is not a JSON folder listing: serve usage/ with nginx “autoindex on; "
                       "autoindex_format json;”, or collect from the origin folder", url);
          return NULL;
        }
      array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *e = json_array_get_object_element (array, i);
          const char *name = e ? json_object_get_string_member_with_default (e, "name", NULL) : NULL;
          const char *type = e ? json_object_get_string_member_with_default (e, "type", "") : "";

          if (name_is_safe (name) && has_suffix (name, suffix) && g_str_equal (type, directories ? "directory" : "file"))
            {
              g_ptr_array_add (names, g_strdup (name));
              if (stamps != NULL)
                g_hash_table_insert (stamps, g_strdup (name),
                                     g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                                      json_object_get_int_member_with_default (e, "size", -1),
                                                      json_object_get_string_member_with_default (e, "mtime", "")));
            }
        }
    }
  else
    {
      g_autofree char *path = g_build_filename (o->base, rel, NULL);
      DIR *dir = opendir (path);
      struct dirent *entry;

      if (dir == NULL)
        return g_steal_pointer (&names);
      /* A daily collect lists a year of reports: an lstat only for the
       * names asked for, and only where the stamps need it or the folder
       * entry does not say its type. */
      while ((entry = readdir (dir)) != NULL)
        {
          const char *name = entry->d_name;
          unsigned char want = directories ? DT_DIR : DT_REG;
          struct stat st;

          if (!name_is_safe (name) || !has_suffix (name, suffix) ||
              (entry->d_type != DT_UNKNOWN && entry->d_type != want))
            continue;
          const char *known_stamp = known != NULL ? g_hash_table_lookup (known, name) : NULL;

          if (stamps != NULL && known_stamp != NULL && entry->d_type == want &&
              stamp_inode (known_stamp) == (guint64) entry->d_ino)
            {
              g_ptr_array_add (names, g_strdup (name));
              g_hash_table_insert (stamps, g_strdup (name), g_strdup (known_stamp));
              continue;
            }
          if ((stamps != NULL || entry->d_type == DT_UNKNOWN) &&
              fstatat (dirfd (dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
          /* Symbolic links are never followed. */
          if ((stamps != NULL || entry->d_type == DT_UNKNOWN) &&
              (directories ? !S_ISDIR (st.st_mode) : !S_ISREG (st.st_mode)))
            continue;
          g_ptr_array_add (names, g_strdup (name));
          if (stamps != NULL)
            g_hash_table_insert (stamps, g_strdup (name),
                                 g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ".%09ld:%" G_GUINT64_FORMAT,
                                                  (gint64) st.st_size, (gint64) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                                                  (guint64) st.st_ino));
        }
      closedir (dir);
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}
