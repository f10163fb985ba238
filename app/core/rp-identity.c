/* rp-identity.c — the terminal's own key pair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-identity.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rp-data-dir.h"
#include "rp-error.h"

char *
rp_identity_public_key_line (const RpMinisignKey *key)
{
  g_autofree char *text = rp_minisign_key_to_text (key);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* "untrusted comment: …" then the base64 line. */
  return g_strdup (g_strv_length (lines) >= 2 ? lines[1] : "");
}

/* Writes @contents to @path through a temporary file created with @mode,
 * so the secret is never readable by others, not even for an instant, and
 * a power cut leaves either no key or a whole one. */
static gboolean
write_file_mode (const char *path,
                 const char *contents,
                 int         mode,
                 GError    **error)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  gsize length = strlen (contents);
  gsize done = 0;
  int saved;
  int fd;

  g_unlink (tmp);
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0)
    goto fail;
  /* The umask may have narrowed @mode; fchmod makes it exact. */
  if (fchmod (fd, mode) != 0)
    goto fail_fd;
  while (done < length)
    {
      gssize n = write (fd, contents + done, length - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail_fd;
      done += n;
    }
  if (fsync (fd) != 0)
    goto fail_fd;
  close (fd);
  if (g_rename (tmp, path) != 0)
    goto fail;
  return TRUE;

fail_fd:
  saved = errno;
  close (fd);
  errno = saved;
fail:
  saved = errno;
  g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot write the terminal key “%s”: %s", path, g_strerror (saved));
  g_unlink (tmp);
  return FALSE;
}

RpMinisignSecretKey *
rp_identity_load_or_create (const char *data_dir,
                            GError    **error)
{
  g_autofree char *sk_path = rp_data_dir_build_identity_key_path (data_dir);
  g_autofree char *pk_path = rp_data_dir_build_identity_public_key_path (data_dir);
  g_autoptr(RpMinisignSecretKey) sk = NULL;
  g_autoptr(RpMinisignKey) pk = NULL;
  g_autofree char *sk_text = NULL;
  g_autofree char *pk_text = NULL;
  gboolean ok;

  if (g_file_test (sk_path, G_FILE_TEST_EXISTS))
    {
      sk = rp_minisign_secret_key_load (sk_path, error);
      if (sk == NULL)
        return NULL;
      /* The public half is derived, never trusted from disk; put it back
       * if it went missing. */
      if (!g_file_test (pk_path, G_FILE_TEST_EXISTS))
        {
          pk = rp_minisign_secret_key_get_public (sk);
          pk_text = rp_minisign_key_to_text (pk);
          if (!write_file_mode (pk_path, pk_text, 0644, error))
            return NULL;
        }
      return g_steal_pointer (&sk);
    }

  if (g_mkdir_with_parents (data_dir, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", data_dir, g_strerror (errno));
      return NULL;
    }
  sk = rp_minisign_secret_key_generate ();
  pk = rp_minisign_secret_key_get_public (sk);
  sk_text = rp_minisign_secret_key_to_text (sk);
  pk_text = rp_minisign_key_to_text (pk);
  /* Public first: a crash in between leaves no secret key, and the next
   * run makes a fresh pair (nothing was ever signed with this one). */
  ok = write_file_mode (pk_path, pk_text, 0644, error) && write_file_mode (sk_path, sk_text, 0600, error);
  explicit_bzero (sk_text, strlen (sk_text));
  return ok ? g_steal_pointer (&sk) : NULL;
}
