/* rp-keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-demo.h"
#include "rp-error.h"
#include "rp-keyring.h"

typedef struct
{
  RpMinisignKey *key;
  char          *channel;   /* NULL: every channel */
  gboolean       demo;      /* the public demo key: only where the demo is allowed */
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
  t.demo = FALSE;
  g_array_append_val (self->keys, t);
}

gboolean
rp_keyring_add_demo_file (RpKeyring  *self,
                          const char *path,
                          GError    **error)
{
  g_autoptr(RpMinisignKey) key = rp_minisign_key_load (path, error);
  Trusted t;

  g_return_val_if_fail (RP_IS_KEYRING (self), FALSE);

  if (key == NULL)
    return FALSE;
  t.key = g_steal_pointer (&key);
  t.channel = g_strdup (RP_DEMO_CHANNEL);
  t.demo = TRUE;
  g_array_append_val (self->keys, t);
  return TRUE;
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
                   gboolean                   demo_allowed,
                   GError                   **error)
{
  g_autofree char *id = rp_minisign_signature_get_key_id (signature);
  gboolean known_elsewhere = FALSE;
  gboolean demo_refused = FALSE;

  g_return_val_if_fail (RP_IS_KEYRING (self), NULL);

  for (guint i = 0; i < self->keys->len; i++)
    {
      Trusted *t = &g_array_index (self->keys, Trusted, i);
      g_autofree char *key_id = rp_minisign_key_get_id (t->key);

      if (!g_str_equal (key_id, id))
        continue;
      if (t->demo && !demo_allowed)
        {
          demo_refused = TRUE;
          continue;
        }
      if (t->channel == NULL || g_strcmp0 (t->channel, channel) == 0)
        return t->key;
      known_elsewhere = TRUE;
    }
  if (demo_refused)
    g_set_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY,
                 "The manifest is signed by key %s, the built-in demo key, whose secret is public: it is trusted "
                 "only for the built-in demo on a terminal that has never installed anything else", id);
  else if (known_elsewhere)
    g_set_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY,
                 "The manifest is signed by key %s, which is trusted for another channel, not for “%s”",
                 id, channel);
  else
    g_set_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY,
                 "The manifest is signed by key %s, which is not among the trusted keys; "
                 "add its public key to the terminal's trusted keys if it is genuine", id);
  return NULL;
}

/* TRUE when @key is the built-in demo key (@demo_id), which never gains
 * more trust by being configured as an ordinary key. */
static gboolean
is_demo_key (const RpMinisignKey *key,
             const char          *demo_id)
{
  g_autofree char *id = rp_minisign_key_get_id (key);
  return demo_id != NULL && g_str_equal (id, demo_id);
}

RpKeyring *
rp_keyring_new_for_terminal (const RpTrustSettings *settings,
                             GError               **error)
{
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  const char *demo_path = rp_demo_get_public_key ();
  g_autoptr(RpMinisignKey) demo_key = g_file_test (demo_path, G_FILE_TEST_EXISTS)
                                        ? rp_minisign_key_load (demo_path, NULL)
                                        : NULL;
  g_autofree char *demo_id = demo_key ? rp_minisign_key_get_id (demo_key) : NULL;

  g_return_val_if_fail (settings != NULL, NULL);

  for (guint i = 0; settings->trusted_keys != NULL && settings->trusted_keys[i] != NULL; i++)
    {
      const char *text = settings->trusted_keys[i];
      g_autoptr(RpMinisignKey) key = rp_minisign_key_parse (text, strlen (text), error);

      if (key == NULL)
        return NULL;
      if (!is_demo_key (key, demo_id))
        rp_keyring_add (keyring, key, NULL);
    }
  if (settings->extra_key_file != NULL)
    {
      g_autoptr(RpMinisignKey) key = rp_minisign_key_load (settings->extra_key_file, error);

      if (key == NULL)
        return NULL;
      if (!is_demo_key (key, demo_id))
        rp_keyring_add (keyring, key, settings->extra_key_channel);
    }
  /* Once an administrator has pointed the terminal at a real channel or
   * origin, the demo is over for good: its key would let anyone sign. */
  if (demo_key != NULL && g_strcmp0 (settings->configured_channel, RP_DEMO_CHANNEL) == 0 &&
      (settings->configured_origin == NULL || *settings->configured_origin == '\0') &&
      !rp_keyring_add_demo_file (keyring, demo_path, error))
    return NULL;
  return g_steal_pointer (&keyring);
}
