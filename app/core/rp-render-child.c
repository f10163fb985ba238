/* rp-render-child.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rp-document.h"
#include "rp-error.h"
#include "rp-render-child.h"

void
rp_child_outcome_clear (RpChildOutcome *outcome)
{
  g_clear_pointer (&outcome->lines, g_ptr_array_unref);
  memset (outcome, 0, sizeof *outcome);
}

void
rp_child_say (int         fd,
              const char *format,
              ...)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  va_list args;
  gsize len, done = 0;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line per message: a message never spans lines. */
  g_strdelimit (text, "\r\n", ' ');
  line = g_strconcat (text, "\n", NULL);
  len = strlen (line);
  while (done < len)
    {
      ssize_t n = write (fd, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      done += (gsize) n;
    }
}

#if defined(__SANITIZE_ADDRESS__)
# define RP_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define RP_ADDRESS_SANITIZER 1
# endif
#endif

gboolean
rp_child_can_limit_memory (void)
{
#ifdef RP_ADDRESS_SANITIZER
  return FALSE;
#else
  return TRUE;
#endif
}

gboolean
rp_child_run (RpChildFunc          func,
              gpointer             data,
              const RpChildLimits *limits,
              RpChildOutcome      *outcome,
              GError             **error)
{
  int fds[2];
  pid_t pid;
  GString *buffer = g_string_new (NULL);
  int status = 0;

  memset (outcome, 0, sizeof *outcome);
  outcome->lines = g_ptr_array_new_with_free_func (g_free);

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create a pipe: %s", g_strerror (errno));
      g_string_free (buffer, TRUE);
      return FALSE;
    }
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot start a checking process: %s", g_strerror (errno));
      close (fds[0]);
      close (fds[1]);
      g_string_free (buffer, TRUE);
      return FALSE;
    }
  if (pid == 0)
    {
      struct rlimit no_core = { 0, 0 };

      close (fds[0]);
      setrlimit (RLIMIT_CORE, &no_core);
      if (limits->memory_limit_bytes > 0 && rp_child_can_limit_memory ())
        {
          struct rlimit as = { limits->memory_limit_bytes, limits->memory_limit_bytes };
          setrlimit (RLIMIT_AS, &as);
        }
      _exit (func (data, fds[1]));
    }

  close (fds[1]);
  for (;;)
    {
      struct pollfd pfd = { fds[0], POLLIN, 0 };
      char chunk[4096];
      int ready = poll (&pfd, 1, (int) limits->step_time_limit_ms);
      ssize_t n;

      if (ready < 0 && errno == EINTR)
        continue;
      if (ready == 0)
        {
          kill (pid, SIGKILL);
          outcome->timed_out = TRUE;
          break;
        }
      n = read (fds[0], chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (buffer, chunk, n);
      for (char *nl; (nl = memchr (buffer->str, '\n', buffer->len)) != NULL;)
        {
          g_ptr_array_add (outcome->lines, g_strndup (buffer->str, nl - buffer->str));
          g_string_erase (buffer, 0, nl - buffer->str + 1);
        }
    }
  close (fds[0]);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (WIFEXITED (status))
    {
      outcome->exited = TRUE;
      outcome->exit_status = WEXITSTATUS (status);
    }
  else if (WIFSIGNALED (status))
    outcome->signal = WTERMSIG (status);
  g_string_free (buffer, TRUE);
  return TRUE;
}

char *
rp_child_describe_failure (const RpChildOutcome *outcome,
                           const RpChildLimits  *limits,
                           const char           *step)
{
  if (outcome->timed_out)
    return g_strdup_printf ("%s took longer than %g s (time limit); the file hangs the renderer",
                            step, limits->step_time_limit_ms / 1000.0);
  if (outcome->signal == SIGABRT || outcome->signal == SIGSEGV || outcome->signal == SIGBUS)
    return g_strdup_printf ("%s crashed the renderer (%s)%s", step, g_strsignal (outcome->signal),
                            limits->memory_limit_bytes > 0 && outcome->signal != SIGBUS
                              ? "; most likely it needs more than the memory limit"
                              : "");
  if (outcome->signal != 0)
    return g_strdup_printf ("%s killed the renderer (%s)", step, g_strsignal (outcome->signal));
  return g_strdup_printf ("%s failed (renderer exit status %d)", step, outcome->exit_status);
}

void
rp_pdf_check_clear (RpPdfCheck *check)
{
  g_clear_pointer (&check->reason, g_free);
  memset (check, 0, sizeof *check);
}

typedef struct
{
  const char *path;
  int         width;
} CheckData;

/* Child. Protocol: "pages N", then "ok I" per page, or "error MESSAGE". */
static int
check_child (gpointer data,
             int      fd)
{
  CheckData *check = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDocument) document = rp_document_open (check->path, &error);
  guint n;

  if (document == NULL)
    {
      rp_child_say (fd, "error %s", error->message);
      return 1;
    }
  n = rp_document_get_n_pages (document);
  rp_child_say (fd, "pages %u", n);
  for (guint i = 0; i < n; i++)
    {
      cairo_surface_t *surface;
      double w, h;
      int width = check->width;

      /* Pages wider than tall are drawn at the same height a portrait page
       * of that width would have: what the viewer's fit-page shows. */
      if (rp_document_get_page_size (document, i, &w, &h) && w > h)
        width = MAX (1, (int) (check->width * w / h));
      surface = rp_document_render_page (document, i, width, &error);
      if (surface == NULL)
        {
          rp_child_say (fd, "error %s", error->message);
          return 1;
        }
      cairo_surface_destroy (surface);
      rp_child_say (fd, "ok %u", i);
    }
  return 0;
}

gboolean
rp_pdf_check_in_child (const char          *path,
                       int                  width_px,
                       const RpChildLimits *limits,
                       RpPdfCheck          *check,
                       GError             **error)
{
  CheckData data = { path, width_px };
  RpChildOutcome outcome;

  memset (check, 0, sizeof *check);
  if (!rp_child_run (check_child, &data, limits, &outcome, error))
    return FALSE;
  for (guint i = 0; i < outcome.lines->len; i++)
    {
      const char *line = g_ptr_array_index (outcome.lines, i);

      if (g_str_has_prefix (line, "pages "))
        check->n_pages = (guint) g_ascii_strtoull (line + 6, NULL, 10);
      else if (g_str_has_prefix (line, "ok "))
        check->n_drawn++;
      else if (g_str_has_prefix (line, "error ") && check->reason == NULL)
        check->reason = g_strdup (line + 6);
    }
  if (check->reason == NULL && !(outcome.exited && outcome.exit_status == 0))
    {
      g_autofree char *step = check->n_pages == 0 ? g_strdup ("Opening the document")
                                                  : g_strdup_printf ("Page %u", check->n_drawn + 1);
      check->reason = rp_child_describe_failure (&outcome, limits, step);
    }
  rp_child_outcome_clear (&outcome);
  return TRUE;
}
