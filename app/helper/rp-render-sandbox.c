/* rp-render-sandbox.c — limits and the seccomp filter of the render helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The filter allows by default and kills the process (SCMP_ACT_KILL_PROCESS,
 * seen by the client as death by SIGSYS) on the calls a PDF renderer never
 * needs once it has started, i.e. everything that could reach the network,
 * another program or the file system's contents:
 *
 * - network: socket, socketpair, connect, bind, listen, accept, accept4
 *   (the helper's only socket is inherited from the kiosk at start);
 * - other programs: execve, execveat, ptrace, process_vm_writev;
 * - writing the file system: creat; open and openat with any of O_WRONLY,
 *   O_RDWR, O_CREAT, O_TRUNC; unlink, unlinkat, rename, renameat,
 *   renameat2, mkdir, mkdirat, mknod, mknodat, rmdir, link, linkat,
 *   symlink, symlinkat, chmod, fchmod, fchmodat, chown, fchown, lchown,
 *   fchownat, truncate, utime, utimes, utimensat, futimesat.
 *
 * openat2 fails with ENOSYS instead: its flags sit in a structure the filter
 * cannot read, and a C library that tries it falls back to openat, which is
 * checked. Everything else is allowed, notably: read-only open/openat (fonts
 * through fontconfig, poppler's data files), read, write and sendmsg on
 * descriptors already open (the socket to the kiosk, stderr), memfd_create,
 * ftruncate (sizing a memfd) and fcntl (sealing it), mmap, munmap.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "rp-document.h"
#include "rp-error.h"
#include "rp-render-child.h"
#include "rp-render-sandbox.h"

gboolean
rp_render_sandbox_prepare (guint64   memory_limit_bytes,
                           GError  **error)
{
  struct rlimit no_core = { 0, 0 };

  /* A crash on a hostile file leaves no core full of its pages behind. */
  setrlimit (RLIMIT_CORE, &no_core);
  /* The kiosk gone (even killed): nothing of its documents runs on. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () == 1)
    _exit (1);

  if (memory_limit_bytes > 0 && rp_child_can_limit_memory ())
    {
      struct rlimit as = { memory_limit_bytes, memory_limit_bytes };

      if (setrlimit (RLIMIT_AS, &as) != 0)
        {
          int saved = errno;

          g_set_error (error, RP_ERROR, RP_ERROR_IO, "The memory limit could not be set: %s", g_strerror (saved));
          return FALSE;
        }
    }

  /* fontconfig writes its caches when it finds them stale, and would be
   * killed for it under the filter: it is loaded now, and told never to
   * look at the font directories again. poppler's own global state comes
   * up here too. */
  if (!FcInit ())
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "fontconfig could not be initialised");
      return FALSE;
    }
  FcConfigSetRescanInterval (NULL, 0);
  rp_poppler_keep_initialised ();
  return TRUE;
}

static gboolean
add_rule (scmp_filter_ctx        ctx,
          guint32                action,
          const char            *name,
          unsigned int           n_args,
          const struct scmp_arg_cmp *args,
          GError               **error)
{
  int nr = seccomp_syscall_resolve_name (name);
  int rc;

  /* A call this architecture does not have (open on arm64) needs no rule. */
  if (nr == __NR_SCMP_ERROR || nr < 0)
    return TRUE;
  rc = seccomp_rule_add_array (ctx, action, nr, n_args, args);
  if (rc != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "The system-call filter refused a rule for %s: %s",
                   name, g_strerror (-rc));
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_render_sandbox_apply (GError **error)
{
  static const char *const killed[] = {
    /* network */
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
    /* other programs */
    "execve", "execveat", "ptrace", "process_vm_writev",
    /* writing the file system */
    "creat", "unlink", "unlinkat", "rename", "renameat", "renameat2",
    "mkdir", "mkdirat", "mknod", "mknodat", "rmdir", "link", "linkat",
    "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown", "fchown",
    "lchown", "fchownat", "truncate", "utime", "utimes", "utimensat", "futimesat",
  };
  static const int write_flags[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  gboolean ok = ctx != NULL;
  int rc;

  if (ctx == NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "The system-call filter could not be created");
      return FALSE;
    }
  for (gsize i = 0; ok && i < G_N_ELEMENTS (killed); i++)
    ok = add_rule (ctx, SCMP_ACT_KILL_PROCESS, killed[i], 0, NULL, error);
  /* open(path, flags) and openat(dir, path, flags): one rule a flag, since
   * a rule's conditions on one argument must all hold. */
  for (gsize i = 0; ok && i < G_N_ELEMENTS (write_flags); i++)
    {
      struct scmp_arg_cmp open_flags = SCMP_A1 (SCMP_CMP_MASKED_EQ, write_flags[i], write_flags[i]);
      struct scmp_arg_cmp openat_flags = SCMP_A2 (SCMP_CMP_MASKED_EQ, write_flags[i], write_flags[i]);

      ok = add_rule (ctx, SCMP_ACT_KILL_PROCESS, "open", 1, &open_flags, error) &&
           add_rule (ctx, SCMP_ACT_KILL_PROCESS, "openat", 1, &openat_flags, error);
    }
  if (ok)
    ok = add_rule (ctx, SCMP_ACT_ERRNO (ENOSYS), "openat2", 0, NULL, error);
  if (ok && (rc = seccomp_load (ctx)) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "The system-call filter could not be installed: %s",
                   g_strerror (-rc));
      ok = FALSE;
    }
  seccomp_release (ctx);
  return ok;
}
