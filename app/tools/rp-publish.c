/* rp-publish.c — readingpoint-publish, the district publishers' command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   keygen --secret-key SK --public-key PUB     minisign-format key files
 *   build SOURCE_DIR ORIGIN_DIR --secret-key SK [--version N] [--expires-days D] [--allow-broken]
 *   verify ORIGIN_DIR --public-key PUB [--channel C]
 *   check PDF_OR_IMAGE... [--json]
 *
 * Exit status as DESIGN.md says: 0 success, 1 refused or failed, 2 usage.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rp-cli.h"
#include "rp-core.h"
#ifdef RP_HAVE_PUBLISH_CHECK
#include "rp-publish-check.h"
#include "rp-render-child.h"
#include "rp-search-indexer.h"
#endif

#define EXIT_FAILED RP_CLI_EXIT_FAILED
#define EXIT_USAGE  RP_CLI_EXIT_USAGE

static const char *usage_text =
  "Usage: readingpoint-publish COMMAND [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  keygen --secret-key SK --public-key PUB   create a minisign key pair\n"
  "  build SOURCE_DIR ORIGIN_DIR --secret-key SK [--version N] [--expires-days D] [--allow-broken]\n"
  "                                            check every file, publish a signed bundle into an origin\n"
  "  verify ORIGIN_DIR --public-key PUB [--channel C]\n"
  "                                            check an origin's signatures and objects\n"
  "  check PDF_OR_IMAGE... [--json]            check that documents render\n";

static gboolean json_output;

#define fail(command, error) rp_cli_fail ("readingpoint-publish", json_output, command, error)
#define parse_command(...)    rp_cli_parse_command ("readingpoint-publish", __VA_ARGS__)

/* Writes through a temporary name so a reader (a web server, a terminal
 * syncing from this folder) never sees half a file. */
static gboolean
write_atomically (const char *path,
                  const void *data,
                  gsize       length,
                  GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* --- keygen -------------------------------------------------------------- */

static int
cmd_keygen (int    argc,
            char **argv)
{
  g_autofree char *sk_path = NULL;
  g_autofree char *pk_path = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "secret-key", 's', 0, G_OPTION_ARG_FILENAME, &sk_path, "Secret key file to create", "SK" },
    { "public-key", 'p', 0, G_OPTION_ARG_FILENAME, &pk_path, "Public key file to create", "PUB" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, "Overwrite existing key files", NULL },
    { NULL }
  };
  g_autoptr(RpMinisignSecretKey) sk = NULL;
  g_autoptr(RpMinisignKey) pk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sk_text = NULL;
  g_autofree char *pk_text = NULL;
  g_autofree char *id = NULL;

  if (!parse_command ("keygen", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1 || sk_path == NULL || pk_path == NULL)
    {
      g_printerr ("Usage: readingpoint-publish keygen --secret-key SK --public-key PUB\n");
      return EXIT_USAGE;
    }
  if (!force && (g_file_test (sk_path, G_FILE_TEST_EXISTS) || g_file_test (pk_path, G_FILE_TEST_EXISTS)))
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_IO, "A key file already exists; use --force to replace it");
      return fail ("keygen", error);
    }
  sk = rp_minisign_secret_key_generate ();
  pk = rp_minisign_secret_key_get_public (sk);
  sk_text = rp_minisign_secret_key_to_text (sk);
  pk_text = rp_minisign_key_to_text (pk);
  if (!g_file_set_contents_full (sk_path, sk_text, -1, G_FILE_SET_CONTENTS_DURABLE, 0600, &error) ||
      !g_file_set_contents_full (pk_path, pk_text, -1, G_FILE_SET_CONTENTS_DURABLE, 0644, &error))
    return fail ("keygen", error);
  id = rp_minisign_key_get_id (pk);
  g_print ("Key %s written: secret key %s (keep it private), public key %s\n", id, sk_path, pk_path);
  return 0;
}

/* --- build --------------------------------------------------------------- */

typedef struct
{
  const char    *source_dir;
  RpObjectStore *store;
  RpManifest    *manifest;   /* NULL during the check pass */
  GHashTable    *previous_texts; /* PDF sha256 → page-text sha256 of the published version */
  RpChildLimits  limits;         /* of the check and the page-text extraction */
  GString       *broken;         /* each file that failed the check, one line each */
  GHashTable    *broken_reasons; /* relative path → why it failed, marked in the manifest */
  guint          n_broken;
  guint          n_files;
  guint64        n_bytes;
} Publish;

/* The page text of the PDF at @pdf_path, extracted in a render helper
 * with the limits `check` uses: a page that hangs or exhausts poppler
 * (published with --allow-broken) is published without searchable text,
 * and said so, rather than hanging or crashing the build. */
static GBytes *
extract_page_texts (const char          *pdf_path,
                    const char          *relative_path,
                    const RpChildLimits *limits)
{
  g_autofree char *failure = NULL;
  GBytes *texts = rp_search_extract_page_texts (pdf_path, limits, &failure);

  if (failure != NULL)
    g_printerr ("readingpoint-publish: warning: “%s” is published without searchable text for some pages: %s\n",
                relative_path, failure);
  return texts;
}

/* Terminals index the text the publisher extracted (RP_MANIFEST_PAGES_TYPE);
 * a PDF already published keeps the text object of the previous version. */
static gboolean
add_page_texts (Publish    *p,
                const char *relative_path,
                const char *pdf_sha256,
                GError    **error)
{
  g_autofree char *pages_path = g_strconcat (RP_MANIFEST_PAGES_PREFIX, relative_path, NULL);
  g_autofree char *sha256 = NULL;
  const char *previous = g_hash_table_lookup (p->previous_texts, pdf_sha256);
  guint64 size = 0;

  if (previous != NULL)
    {
      g_autofree char *path = rp_object_store_get_path (p->store, previous);
      struct stat st;

      /* Still in the origin's store: the previous version names it. */
      if (stat (path, &st) == 0 && S_ISREG (st.st_mode))
        {
          rp_manifest_add_object (p->manifest, previous, st.st_size, pages_path, RP_MANIFEST_PAGES_TYPE);
          return TRUE;
        }
    }
  {
    g_autofree char *pdf_path = rp_object_store_get_path (p->store, pdf_sha256);
    g_autoptr(GBytes) texts = extract_page_texts (pdf_path, relative_path, &p->limits);

    size = g_bytes_get_size (texts);
    if (!rp_object_store_import_bytes (p->store, texts, &sha256, error))
      return FALSE;
  }
  rp_manifest_add_object (p->manifest, sha256, size, pages_path, RP_MANIFEST_PAGES_TYPE);
  g_hash_table_insert (p->previous_texts, g_strdup (pdf_sha256), g_strdup (sha256));
  return TRUE;
}

static const char *
sniff_type (int fd)
{
  guchar head[8] = { 0 };
  gssize n = pread (fd, head, sizeof head, 0);

  if (n >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return RP_MANIFEST_PDF_TYPE;
  if (n >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
    return "image/jpeg";
  return NULL;
}

static gboolean
check_file (const char *relative_path,
            gpointer    user_data,
            GError    **error)
{
  Publish *p = user_data;
  const char *type;
  int fd;

  if (!rp_manifest_path_is_safe (relative_path))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH, "“%s” is not a safe relative path", relative_path);
      return FALSE;
    }
  fd = rp_open_beneath (p->source_dir, relative_path, error);
  if (fd < 0)
    return FALSE;
  type = sniff_type (fd);
  if (type == NULL)
    {
      close (fd);
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "“%s” is not a PDF, PNG or JPEG file",
                   relative_path);
      return FALSE;
    }
#ifdef RP_HAVE_PUBLISH_CHECK
  /* The gate: what a terminal would do with the file, under its limits,
   * before anything is written to the origin. */
  if (p->manifest == NULL)
    {
      g_autofree char *path = g_build_filename (p->source_dir, relative_path, NULL);
      g_autoptr(RpPublishCheckReport) report = NULL;

      close (fd);
      report = rp_publish_check_file (path, RP_PUBLISH_CHECK_WIDTH, &p->limits);
      if (!report->ok)
        {
          g_autofree char *reason = report->failed_page > 0
                                      ? g_strdup_printf ("page %u: %s", report->failed_page, report->reason)
                                      : g_strdup (report->reason);

          p->n_broken++;
          g_string_append_printf (p->broken, "  “%s”%s%s\n", relative_path,
                                  report->failed_page > 0 ? ", " : ": ", reason);
          g_hash_table_replace (p->broken_reasons, g_strdup (relative_path), g_steal_pointer (&reason));
        }
      return TRUE;
    }
#endif
  if (p->manifest != NULL)
    {
      g_autofree char *path = g_build_filename (p->source_dir, relative_path, NULL);
      g_autofree char *sha256 = NULL;
      guint64 size = 0;

      close (fd);
      if (!rp_object_store_import_file (p->store, path, &sha256, &size, error))
        return FALSE;
      rp_manifest_add_object (p->manifest, sha256, size, relative_path, type);
      /* Published with --allow-broken: terminals show the mark instead of
       * trying (and the text is not extracted: it would fail the same way). */
      if (g_hash_table_contains (p->broken_reasons, relative_path))
        {
          rp_manifest_mark_broken (p->manifest, relative_path, g_hash_table_lookup (p->broken_reasons, relative_path));
          p->n_files++;
          p->n_bytes += size;
          return TRUE;
        }
      p->n_files++;
      p->n_bytes += size;
      if (g_str_equal (type, RP_MANIFEST_PDF_TYPE))
        return add_page_texts (p, relative_path, sha256, error);
      return TRUE;
    }
  close (fd);
  return TRUE;
}

typedef struct
{
  char   *first;
  char   *sha256;
  guint64 size;
  guint   n_entries;
} PublishedChunk;

typedef struct
{
  RpObjectStore *store;
  GArray        *chunks; /* PublishedChunk */
} ChunkSink;

static gboolean
store_chunk (const char *first,
             GBytes     *bytes,
             guint       n_entries,
             gpointer    data,
             GError    **error)
{
  ChunkSink *sink = data;
  PublishedChunk c = { NULL, NULL, g_bytes_get_size (bytes), n_entries };

  if (!rp_object_store_import_bytes (sink->store, bytes, &c.sha256, error))
    return FALSE;
  c.first = g_strdup (first);
  g_array_append_val (sink->chunks, c);
  return TRUE;
}

static gboolean
spool_line (const char *id,
            const char *line,
            gpointer    data,
            GError    **error)
{
  return rp_chunk_writer_add (data, id, line, error);
}

/* The channel's published manifest in @origin, or NULL; its version in
 * @out_version (0: none). A manifest this program no longer reads (format
 * 2) still gives its version, so that the next is above it; its chunks are
 * not reused. */
static RpManifest *
latest_manifest (const char *origin,
                 const char *channel,
                 gint64     *out_version)
{
  g_autofree char *path = g_build_filename (origin, "channels", channel, "latest.json", NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  RpManifest *manifest;
  JsonNode *root, *version;

  *out_version = 0;
  if (!g_file_get_contents (path, &data, &length, NULL))
    return NULL;
  bytes = g_bytes_new (data, length);
  manifest = rp_manifest_parse (bytes, NULL);
  if (manifest != NULL)
    {
      *out_version = rp_manifest_get_version (manifest);
      return manifest;
    }
  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, data, length, NULL) && (root = json_parser_get_root (parser)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (root) &&
      (version = json_object_get_member (json_node_get_object (root), "version")) != NULL &&
      JSON_NODE_HOLDS_VALUE (version) && json_node_get_value_type (version) == G_TYPE_INT64)
    *out_version = MAX (0, json_node_get_int (version));
  return NULL;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static int
cmd_build (int    argc,
           char **argv)
{
  g_autofree char *sk_path = NULL;
  gint64 version = 0;
  int expires_days = 365;
  gboolean allow_broken = FALSE;
  RpChildLimits limits;
  double time_limit;
  g_autofree char *time_help = NULL;
  GOptionEntry entries[] = {
    { "secret-key", 's', 0, G_OPTION_ARG_FILENAME, &sk_path, "Secret key to sign with", "SK" },
    { "version", 0, 0, G_OPTION_ARG_INT64, &version, "Version to publish (default: latest + 1)", "N" },
    { "expires-days", 0, 0, G_OPTION_ARG_INT, &expires_days, "Days until the bundle expires (default 365)", "D" },
    { "time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &time_limit, NULL, "S" },
    { "allow-broken", 0, 0, G_OPTION_ARG_NONE, &allow_broken,
      "Publish files that fail the check anyway (each is named on standard error)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(RpMinisignSecretKey) sk = NULL;
  g_autoptr(RpMinisignKey) pk = NULL;
  g_autoptr(RpCatalogueBuilder) builder = rp_catalogue_builder_new ();
  g_autoptr(RpObjectStore) store = NULL;
  g_autoptr(RpManifest) manifest = NULL;
  g_autoptr(RpManifest) published = NULL;
  g_autoptr(GHashTable) previous_texts = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *catalogue_path = NULL;
  g_autofree char *jsonl_path = NULL;
  g_autoptr(RpChunkWriter) writer = NULL;
  g_autofree char *catalogue_sha = NULL;
  g_autofree char *objects_dir = NULL;
  g_autofree char *channel_dir = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *key_id = NULL;
  guint64 catalogue_size = 0;
  const char *source_dir, *origin, *channel;
  g_autoptr(GString) broken = g_string_new (NULL);
  g_autoptr(GHashTable) broken_reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Publish p = { NULL };
  gint64 previous;
  gsize length = 0;
  const char *data;

  rp_child_limits_init_terminal (&limits);
  time_limit = limits.step_time_limit_ms / 1000.0;
  time_help = g_strdup_printf ("Seconds one drawing of a page, or extracting its text, may take "
                               "(default %g, a terminal's limit)", time_limit);
  entries[3].description = time_help;
  if (!parse_command ("build", "SOURCE_DIR ORIGIN_DIR", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 3 || sk_path == NULL || version < 0)
    {
      g_printerr ("Usage: readingpoint-publish build SOURCE_DIR ORIGIN_DIR --secret-key SK [--version N]\n");
      return EXIT_USAGE;
    }
  source_dir = argv[1];
  origin = argv[2];
  if (time_limit <= 0)
    {
      g_printerr ("readingpoint-publish build: --time-limit must be above 0\n");
      return EXIT_USAGE;
    }
  p.limits = limits;
  p.limits.step_time_limit_ms = (guint) MAX (1.0, time_limit * 1000.0);
  p.broken = broken;
  p.broken_reasons = broken_reasons;

  sk = rp_minisign_secret_key_load (sk_path, &error);
  if (sk == NULL)
    return fail ("build", error);
  pk = rp_minisign_secret_key_get_public (sk);
  key_id = rp_minisign_key_get_id (pk);

  catalogue_path = g_build_filename (source_dir, "catalogue.json", NULL);
  jsonl_path = g_build_filename (source_dir, "catalogue.jsonl", NULL);
  p.source_dir = source_dir;
  /* The entries' published lines are spooled beside the origin's objects
   * (the same file system, not a tmpfs in memory) as they are read. */
  if (g_mkdir_with_parents (origin, 0755) != 0)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", origin, g_strerror (errno));
      return fail ("build", error);
    }
  writer = rp_chunk_writer_new (origin, &error);
  if (writer == NULL)
    return fail ("build", error);
  /* Every file is checked before anything is written to the origin. A
   * catalogue.jsonl is read as a stream; a catalogue.json with its entries
   * whole. */
  if (g_file_test (jsonl_path, G_FILE_TEST_EXISTS))
    {
      if (!rp_catalogue_builder_load_jsonl (builder, catalogue_path, jsonl_path, spool_line, writer, &error))
        return fail ("build", error);
    }
  else if (!rp_catalogue_builder_load_file (builder, catalogue_path, &error) ||
           !rp_catalogue_builder_foreach_line (builder, spool_line, writer, &error))
    return fail ("build", error);
  if (!rp_catalogue_builder_check_files (builder, check_file, &p, &error))
    return fail ("build", error);
  if (p.n_broken > 0 && !allow_broken)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                   "%u %s would fail on terminals; nothing was published:\n%s"
                   "Fix or replace %s, or publish anyway with --allow-broken",
                   p.n_broken, p.n_broken == 1 ? "file" : "files", broken->str, p.n_broken == 1 ? "it" : "them");
      return fail ("build", error);
    }
  if (p.n_broken > 0)
    g_printerr ("readingpoint-publish: warning: publishing %u %s that fail the check (--allow-broken):\n%s",
                p.n_broken, p.n_broken == 1 ? "file" : "files", broken->str);
  channel = rp_catalogue_builder_get_channel (builder);
  if (!rp_channel_name_is_valid (channel))
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "“%s” is not a valid channel name (lower-case letters, digits, “-”, “_”, “.”)", channel);
      return fail ("build", error);
    }
  published = latest_manifest (origin, channel, &previous);
  previous_texts = published ? rp_manifest_get_page_texts (published)
                             : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p.previous_texts = previous_texts;
  if (version == 0)
    version = previous + 1;
  else if (version <= previous)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_STALE_VERSION,
                   "Version %" G_GINT64_FORMAT " is not above the published %" G_GINT64_FORMAT
                   "; terminals would refuse it",
                   version, previous);
      return fail ("build", error);
    }

  objects_dir = g_build_filename (origin, "objects", NULL);
  store = rp_object_store_new (objects_dir);
  /* The catalogue as a header and chunks of entries in id ranges: the
   * published version's ranges stay (split or merged only where they
   * outgrew or shrank), so a chunk whose entries did not change is the
   * same object as in the published version, which terminals already
   * hold, and new ids (past the last range) change only the last chunk. */
  {
    g_autoptr(GBytes) header = rp_catalogue_builder_dup_header (builder);
    ChunkSink sink = { store, g_array_new (FALSE, FALSE, sizeof (PublishedChunk)) };
    gboolean made;

    if (!rp_object_store_import_bytes (store, header, &catalogue_sha, &error))
      return fail ("build", error);
    catalogue_size = g_bytes_get_size (header);
    made = rp_chunk_writer_finish (writer, published, store_chunk, &sink, &error);
    if (made)
      {
        expires = g_date_time_add_days (now, expires_days);
        manifest = rp_manifest_new_chunked (channel, version, now, expires, catalogue_sha, catalogue_size);
      }
    for (guint i = 0; i < sink.chunks->len; i++)
      {
        PublishedChunk *c = &g_array_index (sink.chunks, PublishedChunk, i);
        if (made)
          rp_manifest_add_chunk (manifest, c->first, c->sha256, c->size, c->n_entries);
        g_free (c->sha256);
        g_free (c->first);
      }
    g_array_unref (sink.chunks);
    if (!made)
      {
        g_prefix_error (&error, "Terminals would refuse this catalogue, so nothing was published: ");
        return fail ("build", error);
      }
  }
  p.store = store;
  p.manifest = manifest;
  if (!rp_catalogue_builder_check_files (builder, check_file, &p, &error))
    return fail ("build", error);

  bytes = rp_manifest_to_bytes (manifest);
  /* Terminals read the manifest with this parser and its caps: what they
   * would refuse is not published (a 2,800-entry catalogue once was, and
   * every terminal refused it). */
  {
    g_autoptr(RpManifest) as_read = rp_manifest_parse (bytes, &error);

    if (as_read == NULL)
      {
        g_prefix_error (&error, "Terminals would refuse this bundle, so nothing was published: ");
        return fail ("build", error);
      }
  }
  data = g_bytes_get_data (bytes, &length);
  comment = g_strdup_printf ("channel:%s\tversion:%" G_GINT64_FORMAT "\ttimestamp:%" G_GINT64_FORMAT, channel,
                             version, g_date_time_to_unix (now));
  signature = rp_minisign_sign (sk, (const guint8 *) data, length, comment);

  channel_dir = g_build_filename (origin, "channels", channel, NULL);
  {
    g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".json", version);
    g_autofree char *versioned = g_build_filename (channel_dir, name, NULL);
    g_autofree char *versioned_sig = g_strconcat (versioned, ".minisig", NULL);
    g_autofree char *latest = g_build_filename (channel_dir, "latest.json", NULL);
    g_autofree char *latest_sig = g_strconcat (latest, ".minisig", NULL);

    /* The immutable copies first, latest.json last: it is what terminals
     * poll, and it must never name a version whose files are not there. */
    if (!write_atomically (versioned, data, length, &error) ||
        !write_atomically (versioned_sig, signature, strlen (signature), &error) ||
        !write_atomically (latest, data, length, &error) ||
        !write_atomically (latest_sig, signature, strlen (signature), &error))
      return fail ("build", error);
  }

  if (json_output)
    g_print ("{\"ok\": true, \"channel\": \"%s\", \"version\": %" G_GINT64_FORMAT ", \"key_id\": \"%s\", "
             "\"objects\": %u, \"bytes\": %" G_GUINT64_FORMAT "}\n",
             channel, version, key_id, rp_manifest_get_n_objects (manifest), rp_manifest_get_total_size (manifest));
  else
    g_print ("Published channel %s version %" G_GINT64_FORMAT " signed by %s: %u files (with their page text "
             "%u objects, %" G_GUINT64_FORMAT " bytes), %u object folders in %s\n",
             channel, version, key_id, p.n_files, rp_manifest_get_n_objects (manifest),
             rp_manifest_get_total_size (manifest), count_files (objects_dir), origin);
  return 0;
}

/* --- verify -------------------------------------------------------------- */

static gboolean
verify_object (RpObjectStore *store,
               const char    *sha256,
               guint64        size,
               GError       **error)
{
  g_autofree char *path = rp_object_store_get_path (store, sha256);
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autofree char *got = NULL;

  if (file == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "Object %s is missing from the origin", sha256);
      return FALSE;
    }
  got = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (file),
                                     g_mapped_file_get_length (file));
  if (g_mapped_file_get_length (file) != size || !g_str_equal (got, sha256))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH, "Object %s in the origin is damaged", sha256);
      return FALSE;
    }
  return TRUE;
}

static gboolean
verify_channel (const char          *origin,
                const char          *channel,
                const RpMinisignKey *key,
                GError             **error)
{
  g_autofree char *latest = g_build_filename (origin, "channels", channel, "latest.json", NULL);
  g_autofree char *latest_sig = g_strconcat (latest, ".minisig", NULL);
  g_autofree char *data = NULL;
  g_autofree char *sig_text = NULL;
  g_autofree char *objects_dir = g_build_filename (origin, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects_dir);
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_autoptr(RpManifest) manifest = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  gsize length = 0, sig_length = 0;

  if (!g_file_get_contents (latest, &data, &length, &local_error) ||
      !g_file_get_contents (latest_sig, &sig_text, &sig_length, &local_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "%s", local_error->message);
      return FALSE;
    }
  signature = rp_minisign_signature_parse (sig_text, sig_length, error);
  if (signature == NULL || !rp_minisign_verify (key, signature, (const guint8 *) data, length, error))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  manifest = rp_manifest_parse (bytes, error);
  if (manifest == NULL)
    return FALSE;
  if (!g_str_equal (rp_manifest_get_channel (manifest), channel))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_WRONG_CHANNEL, "channels/%s/latest.json is for channel “%s”",
                   channel, rp_manifest_get_channel (manifest));
      return FALSE;
    }
  for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
    {
      const RpManifestChunk *c = rp_manifest_get_catalogue_part (manifest, i);
      if (g_hash_table_add (seen, c->sha256) && !verify_object (store, c->sha256, c->size, error))
        return FALSE;
    }
  for (guint i = 0; i < rp_manifest_get_n_objects (manifest); i++)
    {
      const RpManifestObject *o = rp_manifest_get_object (manifest, i);
      if (g_hash_table_add (seen, o->sha256) && !verify_object (store, o->sha256, o->size, error))
        return FALSE;
    }
  g_print ("%s: channel %s version %" G_GINT64_FORMAT ": signature good, %u objects checked\n", origin, channel,
           rp_manifest_get_version (manifest), g_hash_table_size (seen));
  return TRUE;
}

static int
cmd_verify (int    argc,
            char **argv)
{
  g_autofree char *pk_path = NULL;
  g_autofree char *channel = NULL;
  GOptionEntry entries[] = {
    { "public-key", 'p', 0, G_OPTION_ARG_FILENAME, &pk_path, "Public key the origin must be signed with", "PUB" },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &channel, "Only this channel (default: all)", "C" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(RpMinisignKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *channels = NULL;
  const char *name;
  guint n = 0;

  if (!parse_command ("verify", "ORIGIN_DIR", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || pk_path == NULL)
    {
      g_printerr ("Usage: readingpoint-publish verify ORIGIN_DIR --public-key PUB [--channel C]\n");
      return EXIT_USAGE;
    }
  key = rp_minisign_key_load (pk_path, &error);
  if (key == NULL)
    return fail ("verify", error);
  if (channel != NULL)
    {
      if (!verify_channel (argv[1], channel, key, &error))
        return fail ("verify", error);
      n = 1;
    }
  else
    {
      channels = g_build_filename (argv[1], "channels", NULL);
      dir = g_dir_open (channels, 0, &error);
      if (dir == NULL)
        return fail ("verify", error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          if (!verify_channel (argv[1], name, key, &error))
            return fail ("verify", error);
          n++;
        }
    }
  if (json_output)
    g_print ("{\"ok\": true, \"channels\": %u}\n", n);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      g_printerr ("%s", usage_text);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("%s", usage_text);
      return 0;
    }
  if (g_str_equal (argv[1], "keygen"))
    return cmd_keygen (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "build"))
    return cmd_build (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "verify"))
    return cmd_verify (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "check"))
    {
#ifdef RP_HAVE_PUBLISH_CHECK
      return rp_publish_check_main (argc - 1, argv + 1);
#else
      g_printerr ("readingpoint-publish check: check is not available in this build\n");
      return EXIT_FAILED;
#endif
    }
  g_printerr ("readingpoint-publish: unknown command “%s”\n%s", argv[1], usage_text);
  return EXIT_USAGE;
}
