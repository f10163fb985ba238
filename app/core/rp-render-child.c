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
#include "rp-render-helper-client.h"
#include "rp-render-queue.h"
#include "rp-search-indexer.h"

/* Zoom 1.0 in the viewer: a CSS pixel per 1/96 inch. */
#define PX_PER_PT (96.0 / 72.0)

void
rp_child_limits_init_terminal (RpChildLimits *limits)
{
  limits->step_time_limit_ms = RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT;
  limits->memory_limit_bytes = RP_CHILD_DEFAULT_MEMORY;
}

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

/* How a child that did not exit 0 ended, naming the step it was on. */
static char *
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

char *
rp_child_outcome_get_reason (const RpChildOutcome *outcome,
                             const RpChildLimits  *limits,
                             const char           *step)
{
  if (outcome->exited && outcome->exit_status == 0)
    return NULL;
  for (guint i = 0; outcome->lines != NULL && i < outcome->lines->len; i++)
    {
      const char *line = g_ptr_array_index (outcome->lines, i);

      if (g_str_has_prefix (line, "error "))
        return g_strdup (line + 6);
    }
  return rp_child_describe_failure (outcome, limits, step);
}

void
rp_pdf_check_clear (RpPdfCheck *check)
{
  g_clear_pointer (&check->reason, g_free);
  memset (check, 0, sizeof *check);
}

RpRenderHelper *
rp_render_helper_new_limited (const char          *path,
                              const RpChildLimits *limits)
{
  RpRenderHelper *helper = rp_render_helper_new (path, limits->memory_limit_bytes);

  rp_render_helper_set_time_limit (helper, limits->step_time_limit_ms);
  return helper;
}

char *
rp_helper_describe_failure (const char          *step,
                            const GError        *error,
                            const RpChildLimits *limits)
{
  if (g_error_matches (error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT))
    return g_strdup_printf ("%s took longer than %g s (time limit); the file hangs the renderer",
                            step != NULL ? step : "Opening the document", limits->step_time_limit_ms / 1000.0);
  if (step == NULL)
    return g_strdup (error->message);
  return g_strdup_printf ("%s: %s", step, error->message);
}

/* Draws page @page @width px wide in @helper; FALSE with @check's reason. */
static gboolean
check_draw (RpRenderHelper      *helper,
            guint                page,
            int                  width,
            const char          *what,
            const RpChildLimits *limits,
            RpPdfCheck          *check)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = rp_render_helper_render_page (helper, page, width, NULL, &error);
  g_autofree char *step = NULL;

  if (surface != NULL)
    {
      cairo_surface_destroy (surface);
      return TRUE;
    }
  step = g_strdup_printf ("Page %u drawn %d px wide (%s)", page + 1, width, what);
  check->reason = rp_helper_describe_failure (step, error, limits);
  check->failed_page = page + 1;
  return FALSE;
}

void
rp_pdf_check_in_helper (const char          *path,
                        int                  width_px,
                        const RpChildLimits *limits,
                        RpPdfCheck          *check)
{
  RpRenderHelper *helper = rp_render_helper_new_limited (path, limits);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) sizes = NULL;
  double zoom_scale;
  guint n;

  memset (check, 0, sizeof *check);
  sizes = rp_render_helper_open (helper, &local_error);
  if (sizes == NULL)
    {
      check->reason = rp_helper_describe_failure (NULL, local_error, limits);
      rp_render_helper_free (helper);
      return;
    }
  n = check->n_pages = sizes->len / 2;
  /* The viewer's own ceiling for this document on a terminal with the
   * default page cache: beyond it, a terminal never draws. */
  zoom_scale = MIN (RP_RENDER_QUEUE_MAX_ZOOM * PX_PER_PT,
                    rp_render_max_scale ((const double *) (void *) sizes->data, n,
                                         (guint64) RP_RENDER_QUEUE_DEFAULT_CACHE_MIB << 20));
  for (guint i = 0; i < n && check->reason == NULL; i++)
    {
      double w = g_array_index (sizes, double, 2 * i);
      double h = g_array_index (sizes, double, 2 * i + 1);
      int width = width_px;
      int zoom_width = CLAMP ((int) (w * zoom_scale + 0.5), 1, RP_DOCUMENT_MAX_EDGE_PX);

      /* Pages wider than tall are drawn at the same height a portrait page
       * of that width would have: what the viewer's fit-page shows. */
      if (w > h)
        width = MAX (1, (int) (width_px * w / h));
      if (check_draw (helper, i, width, "fit width", limits, check) &&
          (zoom_width <= width || check_draw (helper, i, zoom_width, "largest zoom", limits, check)))
        check->n_drawn++;
    }
  for (guint i = 0; i < n && check->reason == NULL; i++)
    {
      g_autofree char *text = rp_render_helper_get_text (helper, i, &local_error);

      if (text == NULL)
        {
          g_autofree char *step = g_strdup_printf ("Extracting the text of page %u", i + 1);

          check->reason = rp_helper_describe_failure (step, local_error, limits);
          check->failed_page = i + 1;
        }
    }
  rp_render_helper_free (helper);
}
