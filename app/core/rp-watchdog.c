/* rp-watchdog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol is one datagram per message to the unix socket named by
 * $NOTIFY_SOCKET (a path, or an abstract name written with a leading '@').
 * It is small enough that a library dependency (libsystemd) would cost more
 * than it saves, and the Flatpak runtime has no use for it.
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>

#include "rp-watchdog.h"

struct _RpWatchdog
{
  GObject         parent_instance;
  GSocket        *socket;
  GSocketAddress *address;
  guint64         interval_usec;
  guint           ping_source;
  gboolean        ready_sent;
};

G_DEFINE_FINAL_TYPE (RpWatchdog, rp_watchdog, G_TYPE_OBJECT)

static void
rp_watchdog_finalize (GObject *object)
{
  RpWatchdog *self = RP_WATCHDOG (object);

  g_clear_handle_id (&self->ping_source, g_source_remove);
  g_clear_object (&self->socket);
  g_clear_object (&self->address);

  G_OBJECT_CLASS (rp_watchdog_parent_class)->finalize (object);
}

static void
rp_watchdog_class_init (RpWatchdogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_watchdog_finalize;
}

static void
rp_watchdog_init (RpWatchdog *self)
{
}

RpWatchdog *
rp_watchdog_new (void)
{
  RpWatchdog *self = g_object_new (RP_TYPE_WATCHDOG, NULL);
  const char *path = g_getenv ("NOTIFY_SOCKET");
  const char *usec = g_getenv ("WATCHDOG_USEC");

  if (path == NULL || (path[0] != '/' && path[0] != '@') || path[1] == '\0')
    return self;

  if (path[0] == '@')
    self->address = g_unix_socket_address_new_with_type (path + 1, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  else
    self->address = g_unix_socket_address_new (path);
  self->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  if (self->socket == NULL)
    g_clear_object (&self->address);

  if (usec != NULL)
    self->interval_usec = g_ascii_strtoull (usec, NULL, 10);
  return self;
}

gboolean
rp_watchdog_is_enabled (RpWatchdog *self)
{
  g_return_val_if_fail (RP_IS_WATCHDOG (self), FALSE);
  return self->socket != NULL;
}

gboolean
rp_watchdog_notify (RpWatchdog *self,
                    const char *message)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RP_IS_WATCHDOG (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (self->socket == NULL)
    return FALSE;
  if (g_socket_send_to (self->socket, self->address, message, strlen (message), NULL, &error) < 0)
    {
      /* Not fatal: a missing supervisor must never take the kiosk down. */
      g_debug ("Cannot notify the service manager: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ping (gpointer user_data)
{
  rp_watchdog_notify (RP_WATCHDOG (user_data), "WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

void
rp_watchdog_ready (RpWatchdog *self)
{
  g_return_if_fail (RP_IS_WATCHDOG (self));

  if (self->socket == NULL || self->ready_sent)
    return;
  self->ready_sent = TRUE;
  rp_watchdog_notify (self, "READY=1");

  /* Half the period, as sd_watchdog_enabled(3) advises: one late ping is
   * not yet a missed one. */
  if (self->interval_usec > 0)
    self->ping_source = g_timeout_add (MAX (1, self->interval_usec / 2000), ping, self);
}
