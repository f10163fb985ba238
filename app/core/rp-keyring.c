/* rp-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-error.h"
#include "rp-keyring.h"

typedef struct
{
  RpMinisignKey *key;
  char          *channel;   /* NULL: every channel */
} Trusted;

struct _RpKeyring
{
  GObject  parent_instance;
  GArray  *keys;  /* Trusted */
};

G_DEFINE_FINAL_TYPE (RpKeyring, rp_keyring, G_TYPE_OBJECT)

static void
trusted_clear (Trusted *t)
{
  g_clear_pointer (&t->key, rp_minisign_key_free);
  g_clear_pointer (&t->channel, g_free);
}

static void
rp_keyring_finalize (GObject *object)
{
  RpKeyring *self = RP_KEYRING (object);

  g_clear_pointer (&self->keys, g_array_unref);

  G_OBJECT_CLASS (rp_keyring_parent_class)->finalize (object);
}

static void
rp_keyring_class_init (RpKeyringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_keyring_finalize;
}

static void
rp_keyring_init (RpKeyring *self)
{
  self->keys = g_array_new (FALSE, TRUE, sizeof (Trusted));
  g_array_set_clear_func (self->keys, (GDestroyNotify) trusted_clear);
}

RpKeyring *
rp_keyring_new (void)
{
  return g_object_new (RP_TYPE_KEYRING, NULL);
}

void
rp_keyring_add (RpKeyring           *self,
                const RpMinisignKey *key,
                const char          *channel)
{
  Trusted t;

  g_return_if_fail (RP_IS_KEYRING (self));
  g_return_if_fail (key != NULL);

  t.key = rp_minisign_key_copy (key);
  t.channel = g_strdup (channel);
  g_array_append_val (self->keys, t);
}

gboolean
rp_keyring_add_text (RpKeyring  *self,
                     const char *text,
                     const char *channel,
                     GError    **error)
{
  g_autoptr(RpMinisignKey) key = rp_minisign_key_parse (text, strlen (text), error);

  if (key == NULL)
    return FALSE;
  rp_keyring_add (self, key, channel);
  return TRUE;
}

gboolean
rp_keyring_add_file (RpKeyring  *self,
                     const char *path,
                     const char *channel,
                     GError    **error)
{
  g_autoptr(RpMinisignKey) key = rp_minisign_key_load (path, error);

  if (key == NULL)
    return FALSE;
  rp_keyring_add (self, key, channel);
  return TRUE;
}

guint
rp_keyring_get_n_keys (RpKeyring *self)
{
  g_return_val_if_fail (RP_IS_KEYRING (self), 0);
  return self->keys->len;
}

const RpMinisignKey *
rp_keyring_lookup (RpKeyring                 *self,
                   const RpMinisignSignature *signature,
                   const char                *channel,
                   GError                   **error)
{
  g_autofree char *id = rp_minisign_signature_get_key_id (signature);
  gboolean known_elsewhere = FALSE;

  g_return_val_if_fail (RP_IS_KEYRING (self), NULL);

  for (guint i = 0; i < self->keys->len; i++)
    {
      Trusted *t = &g_array_index (self->keys, Trusted, i);
      g_autofree char *key_id = rp_minisign_key_get_id (t->key);

      if (!g_str_equal (key_id, id))
        continue;
      if (t->channel == NULL || g_strcmp0 (t->channel, channel) == 0)
        return t->key;
      known_elsewhere = TRUE;
    }
  if (known_elsewhere)
    g_set_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY,
                 "The manifest is signed by key %s, which is trusted for another channel, not for “%s”",
                 id, channel);
  else
    g_set_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY,
                 "The manifest is signed by key %s, which is not among the trusted keys; "
                 "add its public key to the terminal's trusted keys if it is genuine", id);
  return NULL;
}
