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

typedef struct
{
  const char *path;
  int         width;
} CheckData;

/* The step the child begins next: the parent names it if the child dies
 * there. @page from 1. */
#define say_step(fd, page, format, ...) rp_child_say (fd, "step %u " format, page, __VA_ARGS__)

static void
say_text_step (int      page,
               gpointer data)
{
  say_step (GPOINTER_TO_INT (data), (guint) page + 1, "Extracting the text of page %d", page + 1);
}

static gboolean
draw_page (RpDocument *document,
           guint       page,
           int         width,
           const char *what,
           int         fd)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  say_step (fd, page + 1, "Page %u drawn %d px wide (%s)", page + 1, width, what);
  surface = rp_document_render_page (document, page, width, &error);
  if (surface == NULL)
    {
      rp_child_say (fd, "error %s", error->message);
      return FALSE;
    }
  cairo_surface_destroy (surface);
  return TRUE;
}

/* Child. Protocol: "pages N"; "step PAGE WHAT" before each step, "ok I"
 * after every size of page I is drawn, "text" once the text is out; or
 * "error MESSAGE". */
static int
check_child (gpointer data,
             int      fd)
{
  CheckData *check = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDocument) document = rp_document_open (check->path, &error);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) texts = NULL;
  double zoom_scale;
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
      double wh[2] = { 1, 1 };

      rp_document_get_page_size (document, i, &wh[0], &wh[1]);
      g_array_append_vals (sizes, wh, 2);
    }
  /* The viewer's own ceiling for this document on a terminal with the
   * default page cache: beyond it, a terminal never draws. */
  zoom_scale = MIN (RP_RENDER_QUEUE_MAX_ZOOM * PX_PER_PT,
                    rp_render_max_scale ((const double *) (void *) sizes->data, n,
                                         (guint64) RP_RENDER_QUEUE_DEFAULT_CACHE_MIB << 20));
  for (guint i = 0; i < n; i++)
    {
      double w = g_array_index (sizes, double, 2 * i);
      double h = g_array_index (sizes, double, 2 * i + 1);
      int width = check->width;
      int zoom_width = CLAMP ((int) (w * zoom_scale + 0.5), 1, RP_DOCUMENT_MAX_EDGE_PX);

      /* Pages wider than tall are drawn at the same height a portrait page
       * of that width would have: what the viewer's fit-page shows. */
      if (w > h)
        width = MAX (1, (int) (check->width * w / h));
      if (!draw_page (document, i, width, "fit width", fd))
        return 1;
      if (zoom_width > width && !draw_page (document, i, zoom_width, "largest zoom", fd))
        return 1;
      rp_child_say (fd, "ok %u", i);
    }
  if (n > 0)
    say_text_step (0, GINT_TO_POINTER (fd));
  texts = rp_search_extract_page_texts (check->path, say_text_step, GINT_TO_POINTER (fd));
  rp_child_say (fd, "text");
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
  const char *step = NULL; /* the step the child was on: in outcome.lines */

  memset (check, 0, sizeof *check);
  if (!rp_child_run (check_child, &data, limits, &outcome, error))
    return FALSE;
  for (guint i = 0; i < outcome.lines->len; i++)
    {
      const char *line = g_ptr_array_index (outcome.lines, i);

      if (g_str_has_prefix (line, "pages "))
        check->n_pages = (guint) g_ascii_strtoull (line + 6, NULL, 10);
      else if (g_str_has_prefix (line, "step "))
        {
          char *end = NULL;

          check->failed_page = (guint) g_ascii_strtoull (line + 5, &end, 10);
          step = end != NULL && *end == ' ' ? end + 1 : NULL;
        }
      else if (g_str_has_prefix (line, "ok "))
        check->n_drawn++;
      else if (g_str_has_prefix (line, "error ") && check->reason == NULL)
        check->reason = g_strdup (line + 6); /* poppler's own words name the page */
    }
  if (check->reason == NULL && !(outcome.exited && outcome.exit_status == 0))
    check->reason = rp_child_describe_failure (&outcome, limits, step != NULL ? step : "Opening the document");
  if (check->reason == NULL)
    check->failed_page = 0;
  rp_child_outcome_clear (&outcome);
  return TRUE;
}
