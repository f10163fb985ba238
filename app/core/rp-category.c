/* rp-category.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-category.h"

struct _RpCategory
{
  GObject parent_instance;
  char   *id;
  char   *name;
  char   *parent;
  guint   n_entries;
  guint   n_children;
};

G_DEFINE_FINAL_TYPE (RpCategory, rp_category, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rp_category_finalize (GObject *object)
{
  RpCategory *self = RP_CATEGORY (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->parent);

  G_OBJECT_CLASS (rp_category_parent_class)->finalize (object);
}

static void
rp_category_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RpCategory *self = RP_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n_entries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_category_class_init (RpCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rp_category_finalize;
  object_class->get_property = rp_category_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTRIES] = g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_category_init (RpCategory *self)
{
}

RpCategory *
rp_category_new (const char *id,
                 const char *name,
                 const char *parent,
                 guint       n_entries,
                 guint       n_children)
{
  RpCategory *self = g_object_new (RP_TYPE_CATEGORY, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->parent = g_strdup (parent);
  self->n_entries = n_entries;
  self->n_children = n_children;
  return self;
}

const char *
rp_category_get_id (RpCategory *self)
{
  g_return_val_if_fail (RP_IS_CATEGORY (self), NULL);
  return self->id;
}

const char *
rp_category_get_name (RpCategory *self)
{
  g_return_val_if_fail (RP_IS_CATEGORY (self), NULL);
  return self->name;
}

const char *
rp_category_get_parent (RpCategory *self)
{
  g_return_val_if_fail (RP_IS_CATEGORY (self), NULL);
  return self->parent;
}

guint
rp_category_get_n_entries (RpCategory *self)
{
  g_return_val_if_fail (RP_IS_CATEGORY (self), 0);
  return self->n_entries;
}

guint
rp_category_get_n_children (RpCategory *self)
{
  g_return_val_if_fail (RP_IS_CATEGORY (self), 0);
  return self->n_children;
}
