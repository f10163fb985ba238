/* rp-search-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-search-private.h"

G_DEFINE_FINAL_TYPE (RpSearchResult, rp_search_result, G_TYPE_OBJECT)

static void
rp_search_result_finalize (GObject *object)
{
  RpSearchResult *self = RP_SEARCH_RESULT (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->date);
  g_free (self->organ);
  g_free (self->category);
  g_clear_pointer (&self->title_snippet, rp_snippet_free);
  g_clear_pointer (&self->snippet, rp_snippet_free);

  G_OBJECT_CLASS (rp_search_result_parent_class)->finalize (object);
}

static void
rp_search_result_class_init (RpSearchResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_search_result_finalize;
}

static void
rp_search_result_init (RpSearchResult *self)
{
  self->attachment = -1;
}

const char *
rp_search_result_get_id (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), NULL);
  return self->id;
}

const char *
rp_search_result_get_title (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), NULL);
  return self->title;
}

const char *
rp_search_result_get_date (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), NULL);
  return self->date;
}

const char *
rp_search_result_get_organ (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), NULL);
  return self->organ;
}

const char *
rp_search_result_get_category (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), NULL);
  return self->category;
}

RpSearchField
rp_search_result_get_field (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), 0);
  return self->field;
}

double
rp_search_result_get_score (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), 0);
  return self->score;
}

int
rp_search_result_get_attachment (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), -1);
  return self->attachment;
}

guint
rp_search_result_get_page (RpSearchResult *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), 0);
  return self->page;
}

static char *
escape_markup (const char *text,
               gssize      length)
{
  return g_markup_escape_text (text, length);
}

static char *
format (const RpSnippet *snippet,
        const char      *fallback,
        const char      *open,
        const char      *close,
        gboolean         escape)
{
  if (snippet == NULL)
    return escape ? g_markup_escape_text (fallback ? fallback : "", -1) : g_strdup (fallback ? fallback : "");
  return rp_snippet_format (snippet, open, close, escape ? escape_markup : NULL);
}

char *
rp_search_result_format_title (RpSearchResult *self,
                               const char     *open,
                               const char     *close,
                               gboolean        escape_markup)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), NULL);
  return format (self->title_snippet, self->title, open, close, escape_markup);
}

char *
rp_search_result_format_snippet (RpSearchResult *self,
                                 const char     *open,
                                 const char     *close,
                                 gboolean        escape_markup)
{
  g_return_val_if_fail (RP_IS_SEARCH_RESULT (self), NULL);
  return format (self->snippet, "", open, close, escape_markup);
}
