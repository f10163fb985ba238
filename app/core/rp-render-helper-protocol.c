/* rp-render-helper-protocol.c — packets and sealed memfds, for both ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rp-error.h"
#include "rp-render-helper-protocol.h"

#define RP_HELPER_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)
#define RP_HELPER_SLOT_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)

gboolean
rp_helper_send (int         sock,
                const void *msg,
                gsize       len,
                int         fd_to_pass,
                GError    **error)
{
  struct iovec iov = { (void *) msg, len };
  union
  {
    char           buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  struct msghdr mh = { 0 };
  ssize_t n;

  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  if (fd_to_pass >= 0)
    {
      struct cmsghdr *cmsg;

      memset (&control, 0, sizeof control);
      mh.msg_control = control.buf;
      mh.msg_controllen = sizeof control.buf;
      cmsg = CMSG_FIRSTHDR (&mh);
      cmsg->cmsg_level = SOL_SOCKET;
      cmsg->cmsg_type = SCM_RIGHTS;
      cmsg->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (cmsg), &fd_to_pass, sizeof (int));
    }
  do
    n = sendmsg (sock, &mh, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t) len)
    {
      int saved = errno;

      g_set_error (error, RP_ERROR, RP_ERROR_IO, "The page-drawing helper could not be reached: %s",
                   n < 0 ? g_strerror (saved) : "short write");
      return FALSE;
    }
  return TRUE;
}

gssize
rp_helper_recv (int   sock,
                void *buf,
                gsize len,
                int  *fd_out,
                int   flags)
{
  struct iovec iov = { buf, len };
  union
  {
    char           buf[CMSG_SPACE (sizeof (int) * 4)];
    struct cmsghdr align;
  } control;
  struct msghdr mh = { 0 };
  ssize_t n;

  *fd_out = -1;
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  mh.msg_control = control.buf;
  mh.msg_controllen = sizeof control.buf;
  do
    n = recvmsg (sock, &mh, flags | MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -1;
  for (struct cmsghdr *cmsg = CMSG_FIRSTHDR (&mh); cmsg != NULL; cmsg = CMSG_NXTHDR (&mh, cmsg))
    {
      if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
        continue;
      for (gsize i = 0; i < (cmsg->cmsg_len - CMSG_LEN (0)) / sizeof (int); i++)
        {
          int fd;

          memcpy (&fd, CMSG_DATA (cmsg) + i * sizeof (int), sizeof (int));
          /* One descriptor a message: any extra one is closed, not leaked. */
          if (*fd_out < 0)
            *fd_out = fd;
          else
            close (fd);
        }
    }
  if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
    {
      if (*fd_out >= 0)
        close (*fd_out);
      *fd_out = -1;
      errno = EMSGSIZE;
      return -1;
    }
  return n;
}

/* A memfd of @size bytes with @seals added, mapped with @prot. */
static int
shared_new (const char *name,
            gsize       size,
            int         seals,
            int         prot,
            int         flags,
            void      **data,
            GError    **error)
{
  int fd = memfd_create (name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  void *map;

  if (fd < 0 || ftruncate (fd, (off_t) size) != 0 || (seals != 0 && fcntl (fd, F_ADD_SEALS, seals) != 0) ||
      (map = mmap (NULL, size, prot, flags, fd, 0)) == MAP_FAILED)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT,
                   "%" G_GSIZE_FORMAT " bytes of shared memory could not be had: %s", size, g_strerror (saved));
      return -1;
    }
  *data = map;
  return fd;
}

int
rp_helper_blob_new (gsize    size,
                    void   **data,
                    GError **error)
{
  return shared_new ("rp-render-blob", size, 0, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, data, error);
}

gboolean
rp_helper_blob_seal (int      fd,
                     void    *data,
                     gsize    size,
                     GError **error)
{
  /* F_SEAL_WRITE is refused while a writable mapping exists. */
  munmap (data, size);
  if (fcntl (fd, F_ADD_SEALS, RP_HELPER_SEALS) != 0)
    {
      int saved = errno;

      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Shared memory could not be sealed: %s", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void *
rp_helper_blob_map (int      fd,
                    gsize    size,
                    GError **error)
{
  struct stat st;
  int seals = fcntl (fd, F_GET_SEALS);
  void *map;

  if (seals < 0 || (seals & RP_HELPER_SEALS) != RP_HELPER_SEALS ||
      fstat (fd, &st) != 0 || (guint64) st.st_size != size || size == 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO,
                           "The page-drawing helper sent shared memory that is not sealed or has the wrong size");
      return NULL;
    }
  /* Populated: the pixels are about to be read whole (a texture upload). */
  map = mmap (NULL, size, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (map == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT, "Shared memory could not be mapped: %s",
                   g_strerror (saved));
      return NULL;
    }
  return map;
}

int
rp_helper_slot_new (gsize    size,
                    void   **data,
                    GError **error)
{
  return shared_new ("rp-render-slot", size, RP_HELPER_SLOT_SEALS, PROT_READ, MAP_SHARED, data, error);
}

void *
rp_helper_slot_map (int      fd,
                    gsize    size,
                    GError **error)
{
  struct stat st;
  int seals = fcntl (fd, F_GET_SEALS);
  void *map;

  if (seals < 0 || (seals & (F_SEAL_SHRINK | F_SEAL_GROW)) != (F_SEAL_SHRINK | F_SEAL_GROW) ||
      fstat (fd, &st) != 0 || (guint64) st.st_size != size || size == 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO,
                           "The kiosk sent a page slot that can be resized or has the wrong size");
      return NULL;
    }
  map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (map == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT,
                   "Not enough memory to draw it: %.1f MiB of shared memory could not be mapped (%s)",
                   size / 1048576.0, g_strerror (saved));
      return NULL;
    }
  return map;
}
