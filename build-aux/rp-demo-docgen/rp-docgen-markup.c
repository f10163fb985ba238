/* rp-docgen-markup.c — the source markup (described in rp-demo-docgen.c) into Blocks
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <string.h>

#include "rp-docgen.h"

static void
block_free (gpointer p)
{
  Block *b = p;
  g_free (b->text);
  if (b->rows)
    g_ptr_array_unref (b->rows);
  if (b->labels)
    g_ptr_array_unref (b->labels);
  if (b->values)
    g_array_unref (b->values);
  g_free (b);
}

static Block *
block_new (GPtrArray *blocks, BlockKind kind, int line, const char *text)
{
  Block *b = g_new0 (Block, 1);
  b->kind = kind;
  b->line = line;
  b->text = g_strdup (text ? text : "");
  g_ptr_array_add (blocks, b);
  return b;
}

static gboolean
is_dash_row (char **cells)
{
  for (int i = 0; cells[i]; i++)
    for (const char *c = cells[i]; *c; c++)
      if (*c != '-' && *c != ':' && *c != ' ')
        return FALSE;
  return TRUE;
}

static char **
split_row (const char *line)
{
  char *s = g_strstrip (g_strdup (line));
  char *start = s;
  size_t len;

  if (*start == '|')
    start++;
  len = strlen (start);
  if (len > 0 && start[len - 1] == '|')
    start[len - 1] = '\0';
  char **cells = g_strsplit (start, "|", -1);
  for (int i = 0; cells[i]; i++)
    g_strstrip (cells[i]);
  g_free (s);
  return cells;
}

static gboolean
parse_chart (Block *b, const char *line, GError **error)
{
  /* line is "[chart TITLE | a=1 | b=2]" */
  size_t len = strlen (line);
  char *inner = g_strndup (line + 6, len - 7);
  char **parts = g_strsplit (inner, "|", -1);
  gboolean ok = TRUE;

  g_free (inner);
  g_free (b->text);
  b->text = g_strstrip (g_strdup (parts[0] ? parts[0] : ""));
  b->labels = g_ptr_array_new_with_free_func (g_free);
  b->values = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 1; parts[0] && parts[i]; i++)
    {
      char *item = g_strstrip (parts[i]);
      char *eq = strrchr (item, '=');
      char *end = NULL;
      double v;

      if (!eq)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "line %d: chart item \"%s\" is not LABEL=VALUE", b->line, item);
          ok = FALSE;
          break;
        }
      *eq = '\0';
      v = g_ascii_strtod (g_strstrip (eq + 1), &end);
      if (end == eq + 1 || *end != '\0' || !(v >= 0.0) || v > 1e15)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "line %d: chart value of \"%s\" is not a non-negative number",
                       b->line, g_strstrip (item));
          ok = FALSE;
          break;
        }
      g_ptr_array_add (b->labels, g_strdup (g_strstrip (item)));
      g_array_append_val (b->values, v);
    }
  if (ok && b->values->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "line %d: chart has no LABEL=VALUE items", b->line);
      ok = FALSE;
    }
  g_strfreev (parts);
  return ok;
}

static gboolean
needs_space (const GString *s, const char *next)
{
  /* Join wrapped source lines without a space, except between Latin words. */
  if (s->len == 0 || !*next)
    return FALSE;
  return g_ascii_isalnum (s->str[s->len - 1]) && g_ascii_isalnum (next[0]);
}

GPtrArray *
parse_source (const char *data, GError **error)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (block_free);
  char **lines = g_strsplit (data, "\n", -1);
  Block *para = NULL;
  GString *para_text = g_string_new (NULL);
  Block *table = NULL;
  gboolean ok = TRUE;

#define FLUSH_PARA()                                   \
  do {                                                 \
    if (para)                                          \
      {                                                \
        g_free (para->text);                           \
        para->text = g_strdup (para_text->str);        \
        para = NULL;                                   \
        g_string_truncate (para_text, 0);              \
      }                                                \
  } while (0)

  for (int i = 0; lines[i] && ok; i++)
    {
      int lineno = i + 1;
      char *line = g_strchomp (lines[i]);   /* also drops '\r' */
      const char *t = line;

      while (*t == ' ' || *t == '\t')
        t++;

      if (table && *t != '|')
        table = NULL;

      if (*t == '\0')
        {
          FLUSH_PARA ();
          continue;
        }
      if (*t == '%')
        continue;

      if (g_str_has_prefix (t, "## "))
        {
          FLUSH_PARA ();
          block_new (blocks, B_H2, lineno, g_strstrip (line + (t - line) + 3));
        }
      else if (g_str_has_prefix (t, "# "))
        {
          FLUSH_PARA ();
          block_new (blocks, B_H1, lineno, g_strstrip (line + (t - line) + 2));
        }
      else if (strcmp (t, "---") == 0)
        {
          FLUSH_PARA ();
          block_new (blocks, B_BREAK, lineno, NULL);
        }
      else if (*t == '|')
        {
          char **cells;
          FLUSH_PARA ();
          cells = split_row (t);
          if (is_dash_row (cells))
            {
              g_strfreev (cells);
              continue;
            }
          if (!table)
            {
              table = block_new (blocks, B_TABLE, lineno, NULL);
              table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
            }
          g_ptr_array_add (table->rows, cells);
        }
      else if (g_str_has_prefix (t, "[chart") && g_str_has_suffix (t, "]"))
        {
          Block *b;
          FLUSH_PARA ();
          b = block_new (blocks, B_CHART, lineno, NULL);
          ok = parse_chart (b, t, error);
        }
      else if (g_str_has_prefix (t, "[seal") && g_str_has_suffix (t, "]"))
        {
          char *txt = g_strndup (t + 5, strlen (t) - 6);
          FLUSH_PARA ();
          block_new (blocks, B_SEAL, lineno, g_strstrip (txt));
          g_free (txt);
        }
      else if (g_str_has_prefix (t, ">>"))
        {
          FLUSH_PARA ();
          block_new (blocks, B_RIGHT, lineno, g_strstrip (line + (t - line) + 2));
        }
      else if (g_str_has_prefix (t, "^^"))
        {
          FLUSH_PARA ();
          block_new (blocks, B_CENTER, lineno, g_strstrip (line + (t - line) + 2));
        }
      else if (g_str_has_prefix (t, "<<"))
        {
          FLUSH_PARA ();
          para = block_new (blocks, B_PARA, lineno, NULL);
          para->indent = FALSE;
          g_string_append (para_text, g_strstrip (line + (t - line) + 2));
        }
      else
        {
          if (!para)
            {
              para = block_new (blocks, B_PARA, lineno, NULL);
              para->indent = TRUE;
            }
          else if (needs_space (para_text, t))
            g_string_append_c (para_text, ' ');
          g_string_append (para_text, t);
        }
    }
  FLUSH_PARA ();
#undef FLUSH_PARA

  g_string_free (para_text, TRUE);
  g_strfreev (lines);
  if (!ok)
    {
      g_ptr_array_unref (blocks);
      return NULL;
    }
  return blocks;
}
