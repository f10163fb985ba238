/* rp-fleet-reader.c — reading a terminal's report JSON for collect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over the bytes, no tree: every value is validated as JSON
 * (RFC 8259: strings with their escapes and UTF-8, numbers, literals,
 * nesting), and the members collect counts are copied into the check as
 * they go by. Where a member appears twice the last one counts, as in
 * json-glib. The values are read as json-glib's *_with_default getters
 * read them (what collect used before): absent or null gives the
 * default, a string member of another type gives NULL, an integer
 * member truncates a fraction and counts true as 1.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "rp-fleet-reader.h"

/* A report nests four deep; the status block a little more. Bounds the
 * recursion whatever a signed file holds. */
#define MAX_DEPTH 64
/* Member names collect looks at are shorter. */
#define MAX_NAME 16

typedef enum
{
  VALUE_STRING,
  VALUE_INT,
  VALUE_DOUBLE,
  VALUE_BOOLEAN,
  VALUE_NULL,
  VALUE_OBJECT,
  VALUE_ARRAY,
} ValueKind;

typedef struct
{
  ValueKind kind;
  gint64    i;  /* VALUE_INT, VALUE_BOOLEAN */
  double    d;  /* VALUE_DOUBLE */
} Value;

typedef struct
{
  const char          *p;
  const char          *end;
  GString             *text;   /* the last string read, decoded */
  guint                depth;
  RpFleetCheck        *check;
  RpFleetReportClaims *claims;
  RpFleetCounter       counter; /* the counter row being read */
} Reader;

typedef gboolean (*MemberFunc) (Reader     *r,
                                const char *name);

/* A counter row without a day is the report's last day, known only
 * once the whole report is read. */
static const char day_of_report[] = "";

static gboolean read_value (Reader *r,
                            Value  *value);

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static char
peek (Reader *r)
{
  skip_space (r);
  return r->p < r->end ? *r->p : '\0';
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

static int
read_hex4 (Reader *r)
{
  int u = 0;

  if (r->end - r->p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (*r->p++);

      if (digit < 0)
        return -1;
      u = u * 16 + digit;
    }
  return u;
}

/* At '"': decodes the string into r->text. Refuses control characters,
 * unknown escapes, lone surrogates, \u0000 (SQLite text ends there) and
 * bytes that are not UTF-8. */
static gboolean
read_string (Reader *r)
{
  const char *run;

  g_string_truncate (r->text, 0);
  run = ++r->p;
  while (r->p < r->end)
    {
      guchar ch = (guchar) *r->p;
      int u;

      if (ch == '"')
        {
          g_string_append_len (r->text, run, r->p - run);
          r->p++;
          return g_utf8_validate_len (r->text->str, r->text->len, NULL);
        }
      if (ch < 0x20)
        return FALSE;
      if (ch != '\\')
        {
          r->p++;
          continue;
        }
      g_string_append_len (r->text, run, r->p - run);
      if (++r->p >= r->end)
        return FALSE;
      switch (*r->p++)
        {
        case '"': g_string_append_c (r->text, '"'); break;
        case '\\': g_string_append_c (r->text, '\\'); break;
        case '/': g_string_append_c (r->text, '/'); break;
        case 'b': g_string_append_c (r->text, '\b'); break;
        case 'f': g_string_append_c (r->text, '\f'); break;
        case 'n': g_string_append_c (r->text, '\n'); break;
        case 'r': g_string_append_c (r->text, '\r'); break;
        case 't': g_string_append_c (r->text, '\t'); break;
        case 'u':
          if ((u = read_hex4 (r)) <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
            return FALSE;
          if (u >= 0xD800 && u <= 0xDBFF)
            {
              int low;

              if (!read_literal (r, "\\u") || (low = read_hex4 (r)) < 0xDC00 || low > 0xDFFF)
                return FALSE;
              u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
            }
          g_string_append_unichar (r->text, (gunichar) u);
          break;
        default:
          return FALSE;
        }
      run = r->p;
    }
  return FALSE;
}

static gboolean
read_digits (Reader *r)
{
  const char *start = r->p;

  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
  return r->p > start;
}

static gboolean
read_number (Reader *r,
             Value  *value)
{
  const char *start = r->p;
  gboolean integral = TRUE;
  g_autofree char *text = NULL;
  char *end = NULL;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (!read_digits (r))
    return FALSE;
  if (r->p < r->end && *r->p == '.')
    {
      integral = FALSE;
      r->p++;
      if (!read_digits (r))
        return FALSE;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integral = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!read_digits (r))
        return FALSE;
    }
  text = g_strndup (start, r->p - start);
  if (integral)
    {
      errno = 0;
      value->kind = VALUE_INT;
      value->i = g_ascii_strtoll (text, &end, 10);
      if (errno == 0)
        return TRUE;
    }
  value->kind = VALUE_DOUBLE;
  value->d = g_ascii_strtod (text, &end);
  return TRUE;
}

/* At '{' (@object) or '[': each member's name (an element's is "") to
 * @func, which reads its value. */
static gboolean
read_members (Reader     *r,
              gboolean    object,
              MemberFunc  func)
{
  char close = object ? '}' : ']';

  if (++r->depth > MAX_DEPTH)
    return FALSE;
  r->p++;
  if (peek (r) == close)
    {
      r->p++;
      r->depth--;
      return TRUE;
    }
  for (;;)
    {
      char name[MAX_NAME + 1] = "";

      if (object)
        {
          if (peek (r) != '"' || !read_string (r))
            return FALSE;
          /* A longer name is none of ours: "" is read and dropped. */
          if (r->text->len <= MAX_NAME)
            memcpy (name, r->text->str, r->text->len + 1);
          if (peek (r) != ':')
            return FALSE;
          r->p++;
        }
      skip_space (r);
      if (!func (r, name))
        return FALSE;
      if (peek (r) == ',')
        {
          r->p++;
          continue;
        }
      if (peek (r) != close)
        return FALSE;
      r->p++;
      r->depth--;
      return TRUE;
    }
}

static gboolean
read_object (Reader     *r,
             MemberFunc  func)
{
  return read_members (r, TRUE, func);
}

static gboolean
read_array (Reader     *r,
            MemberFunc  func)
{
  return read_members (r, FALSE, func);
}

static gboolean
skip_member (Reader     *r,
             const char *name)
{
  Value value;

  return read_value (r, &value);
}

/* Any value; a string is left in r->text, an object or array skipped. */
static gboolean
read_value (Reader *r,
            Value  *value)
{
  switch (peek (r))
    {
    case '{':
      value->kind = VALUE_OBJECT;
      return read_object (r, skip_member);
    case '[':
      value->kind = VALUE_ARRAY;
      return read_array (r, skip_member);
    case '"':
      value->kind = VALUE_STRING;
      return read_string (r);
    case 't':
      value->kind = VALUE_BOOLEAN;
      value->i = 1;
      return read_literal (r, "true");
    case 'f':
      value->kind = VALUE_BOOLEAN;
      value->i = 0;
      return read_literal (r, "false");
    case 'n':
      value->kind = VALUE_NULL;
      return read_literal (r, "null");
    default:
      return read_number (r, value);
    }
}

static const char *
keep (Reader *r)
{
  return g_string_chunk_insert_const (r->check->strings, r->text->str);
}

/* As json_object_get_string_member_with_default (). */
static gboolean
read_string_member (Reader      *r,
                    const char **out,
                    const char  *fallback)
{
  Value value;

  if (!read_value (r, &value))
    return FALSE;
  *out = value.kind == VALUE_STRING ? keep (r) : value.kind == VALUE_NULL ? fallback : NULL;
  return TRUE;
}

/* As json_object_get_int_member_with_default (). */
static gboolean
read_int_member (Reader *r,
                 gint64 *out,
                 gint64  fallback)
{
  Value value;

  if (!read_value (r, &value))
    return FALSE;
  switch (value.kind)
    {
    case VALUE_INT:
    case VALUE_BOOLEAN:
      *out = value.i;
      break;
    case VALUE_DOUBLE:
      *out = (gint64) value.d;
      break;
    case VALUE_STRING:
      *out = 0;
      break;
    case VALUE_NULL:
    case VALUE_OBJECT:
    case VALUE_ARRAY:
    default:
      *out = fallback;
      break;
    }
  return TRUE;
}

static gboolean
period_member (Reader     *r,
               const char *name)
{
  if (strcmp (name, "first") == 0)
    return read_string_member (r, &r->check->first, NULL);
  if (strcmp (name, "last") == 0)
    return read_string_member (r, &r->check->last, NULL);
  return skip_member (r, name);
}

static gboolean
counter_member (Reader     *r,
                const char *name)
{
  if (strcmp (name, "day") == 0)
    return read_string_member (r, &r->counter.day, day_of_report);
  if (strcmp (name, "kind") == 0)
    return read_string_member (r, &r->counter.kind, "");
  if (strcmp (name, "subject") == 0)
    return read_string_member (r, &r->counter.subject, NULL);
  if (strcmp (name, "count") == 0)
    return read_int_member (r, &r->counter.count, 0);
  return skip_member (r, name);
}

static gboolean
counter_element (Reader     *r,
                 const char *name)
{
  if (peek (r) != '{')
    return skip_member (r, name);  /* not a row: skipped, as before */
  r->counter = (RpFleetCounter) { day_of_report, "", NULL, 0 };
  if (!read_object (r, counter_member))
    return FALSE;
  g_array_append_val (r->check->counters, r->counter);
  return TRUE;
}

/* The status block as compact JSON text: @start..r->p is a valid object. */
static const char *
keep_compact (Reader     *r,
              const char *start)
{
  gboolean in_string = FALSE;

  g_string_truncate (r->text, 0);
  for (const char *s = start; s < r->p; s++)
    {
      if (in_string)
        {
          if (*s == '\\')
            g_string_append_c (r->text, *s++);
          else if (*s == '"')
            in_string = FALSE;
        }
      else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        continue;
      else if (*s == '"')
        in_string = TRUE;
      g_string_append_c (r->text, *s);
    }
  return g_string_chunk_insert (r->check->strings, r->text->str);
}

static gboolean
report_member (Reader     *r,
               const char *name)
{
  RpFleetCheck *check = r->check;

  if (strcmp (name, "site_id") == 0)
    return read_string_member (r, &r->claims->site_id, NULL);
  if (strcmp (name, "prepared") == 0)
    return read_string_member (r, &r->claims->prepared, NULL);
  if (strcmp (name, "sequence") == 0)
    return read_int_member (r, &r->claims->sequence, -1);
  if (strcmp (name, "period") == 0)
    {
      check->first = check->last = NULL;
      r->claims->has_period = peek (r) == '{';
      return r->claims->has_period ? read_object (r, period_member) : skip_member (r, name);
    }
  if (strcmp (name, "counters") == 0)
    {
      g_array_set_size (check->counters, 0);
      return peek (r) == '[' ? read_array (r, counter_element) : skip_member (r, name);
    }
  if (strcmp (name, "status") == 0)
    {
      const char *start = r->p;

      check->status = NULL;
      if (peek (r) != '{')
        return skip_member (r, name);
      if (!skip_member (r, name))
        return FALSE;
      check->status = keep_compact (r, start);
      return TRUE;
    }
  return skip_member (r, name);
}

gboolean
rp_fleet_report_read (RpFleetCheck        *check,
                      const char          *data,
                      gsize                length,
                      RpFleetReportClaims *claims)
{
  g_autoptr(GString) text = g_string_sized_new (64);
  Reader r = { data, data + length, text, 0, check, claims };
  gboolean ok;

  g_return_val_if_fail (check != NULL && (data != NULL || length == 0) && claims != NULL, FALSE);

  *claims = (RpFleetReportClaims) { NULL, NULL, -1, FALSE };
  check->first = check->last = check->status = NULL;
  if (check->strings == NULL)
    check->strings = g_string_chunk_new (1024);
  if (check->counters == NULL)
    check->counters = g_array_new (FALSE, FALSE, sizeof (RpFleetCounter));
  g_array_set_size (check->counters, 0);
  ok = peek (&r) == '{' && read_object (&r, report_member);
  skip_space (&r);
  ok = ok && r.p == r.end;
  check->prepared = claims->prepared;
  for (guint i = 0; i < check->counters->len; i++)
    {
      RpFleetCounter *row = &g_array_index (check->counters, RpFleetCounter, i);

      if (row->day == day_of_report)
        row->day = check->last ? check->last : "";
    }
  return ok;
}
