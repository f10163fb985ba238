/* rp-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-attachment.h"
#include "rp-entry-private.h"

G_DEFINE_FINAL_TYPE (RpEntry, rp_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DATE,
  PROP_ORGAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const empty_strv[] = { NULL };

static void
rp_entry_finalize (GObject *object)
{
  RpEntry *self = RP_ENTRY (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->organ);
  g_free (self->doc_number);
  g_free (self->date);
  g_free (self->category);
  g_free (self->genre);
  g_strfreev (self->keywords);
  g_free (self->summary);
  g_free (self->body);
  g_free (self->url);
  g_free (self->validity);
  g_strfreev (self->related);
  g_clear_object (&self->attachments);

  G_OBJECT_CLASS (rp_entry_parent_class)->finalize (object);
}

static void
rp_entry_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RpEntry *self = RP_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_ORGAN:
      g_value_set_string (value, self->organ);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_entry_class_init (RpEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_entry_finalize;
  object_class->get_property = rp_entry_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGAN] = g_param_spec_string ("organ", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_entry_init (RpEntry *self)
{
  self->attachments = g_list_store_new (RP_TYPE_ATTACHMENT);
}

RpEntry *
rp_entry_new (void)
{
  return g_object_new (RP_TYPE_ENTRY, NULL);
}

#define GETTER(field)                                  \
  const char *rp_entry_get_##field (RpEntry *self)     \
  {                                                    \
    g_return_val_if_fail (RP_IS_ENTRY (self), NULL);   \
    return self->field;                                \
  }

GETTER (id)
GETTER (title)
GETTER (organ)
GETTER (doc_number)
GETTER (date)
GETTER (category)
GETTER (genre)
GETTER (summary)
GETTER (body)
GETTER (url)
GETTER (validity)

#undef GETTER

const char * const *
rp_entry_get_keywords (RpEntry *self)
{
  g_return_val_if_fail (RP_IS_ENTRY (self), empty_strv);
  return self->keywords ? (const char * const *) self->keywords : empty_strv;
}

const char * const *
rp_entry_get_related (RpEntry *self)
{
  g_return_val_if_fail (RP_IS_ENTRY (self), empty_strv);
  return self->related ? (const char * const *) self->related : empty_strv;
}

GListModel *
rp_entry_get_attachments (RpEntry *self)
{
  g_return_val_if_fail (RP_IS_ENTRY (self), NULL);
  return G_LIST_MODEL (self->attachments);
}
