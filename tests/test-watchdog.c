/* test-watchdog.c — RpWatchdog speaks the sd_notify protocol to $NOTIFY_SOCKET
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test plays the service manager: it binds a unix datagram socket,
 * points $NOTIFY_SOCKET at it and reads what the watchdog sends.
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <unistd.h>

#include "rp-core.h"
#include "rp-test-util.h"

typedef struct
{
  GSocket   *socket;   /* the "service manager" end */
  char      *name;     /* $NOTIFY_SOCKET */
  GPtrArray *received; /* char * */
} Manager;

static void
manager_bind (Manager  *m,
              gboolean  abstract)
{
  static guint counter;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  m->received = g_ptr_array_new_with_free_func (g_free);
  m->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (m->socket, FALSE);
  if (abstract)
    {
      g_autofree char *abstract_name = g_strdup_printf ("rp-test-watchdog-%d-%u", (int) getpid (), ++counter);

      address = g_unix_socket_address_new_with_type (abstract_name, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
      m->name = g_strconcat ("@", abstract_name, NULL);
    }
  else
    {
      g_autofree char *dir_name = g_strdup_printf ("watchdog-%u", ++counter);
      g_autofree char *dir = rp_test_make_dir (dir_name);

      m->name = g_build_filename (dir, "notify", NULL);
      address = g_unix_socket_address_new (m->name);
    }
  g_assert_true (g_socket_bind (m->socket, address, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_setenv ("NOTIFY_SOCKET", m->name, TRUE));
}

static void
manager_clear (Manager *m)
{
  g_clear_object (&m->socket);
  g_clear_pointer (&m->name, g_free);
  g_clear_pointer (&m->received, g_ptr_array_unref);
  g_unsetenv ("NOTIFY_SOCKET");
  g_unsetenv ("WATCHDOG_USEC");
}

/* Reads every datagram waiting, without blocking. */
static void
manager_drain (Manager *m)
{
  for (;;)
    {
      char buffer[256];
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (m->socket, buffer, sizeof buffer - 1, NULL, &error);

      if (n < 0)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
          return;
        }
      buffer[n] = '\0';
      g_ptr_array_add (m->received, g_strdup (buffer));
    }
}

static guint
manager_count (Manager    *m,
               const char *message)
{
  guint n = 0;

  for (guint i = 0; i < m->received->len; i++)
    if (g_str_equal (m->received->pdata[i], message))
      n++;
  return n;
}

static void
test_disabled_without_socket (void)
{
  g_autoptr(RpWatchdog) watchdog = NULL;

  g_unsetenv ("NOTIFY_SOCKET");
  watchdog = rp_watchdog_new ();
  g_assert_false (rp_watchdog_is_enabled (watchdog));
  g_assert_false (rp_watchdog_notify (watchdog, "STATUS=nobody listens"));
  rp_watchdog_ready (watchdog);
  g_assert_finalize_object (g_steal_pointer (&watchdog));
}

/* Only an absolute path or an abstract name ("@...") is a socket. */
static void
test_refuses_other_names (void)
{
  const char *names[] = { "", "@", "/", "relative/notify", "notify" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(RpWatchdog) watchdog = NULL;

      g_assert_true (g_setenv ("NOTIFY_SOCKET", names[i], TRUE));
      watchdog = rp_watchdog_new ();
      g_assert_false (rp_watchdog_is_enabled (watchdog));
      g_assert_finalize_object (g_steal_pointer (&watchdog));
    }
  g_unsetenv ("NOTIFY_SOCKET");
}

static void
test_ready_once (void)
{
  Manager m = { 0 };
  g_autoptr(RpWatchdog) watchdog = NULL;

  manager_bind (&m, FALSE);
  watchdog = rp_watchdog_new ();
  g_assert_true (rp_watchdog_is_enabled (watchdog));

  rp_watchdog_ready (watchdog);
  rp_watchdog_ready (watchdog);
  manager_drain (&m);
  g_assert_cmpuint (m.received->len, ==, 1);
  g_assert_cmpstr (m.received->pdata[0], ==, "READY=1");

  g_assert_finalize_object (g_steal_pointer (&watchdog));
  manager_clear (&m);
}

static void
test_notify_abstract_socket (void)
{
  Manager m = { 0 };
  g_autoptr(RpWatchdog) watchdog = NULL;

  manager_bind (&m, TRUE);
  watchdog = rp_watchdog_new ();
  g_assert_true (rp_watchdog_is_enabled (watchdog));
  g_assert_true (rp_watchdog_notify (watchdog, "STATUS=Installing bundle"));
  manager_drain (&m);
  g_assert_cmpuint (m.received->len, ==, 1);
  g_assert_cmpstr (m.received->pdata[0], ==, "STATUS=Installing bundle");

  g_assert_finalize_object (g_steal_pointer (&watchdog));
  manager_clear (&m);
}

/* A supervisor that went away must never take the kiosk down. */
static void
test_notify_without_listener (void)
{
  g_autofree char *dir = rp_test_make_dir ("watchdog-gone");
  g_autofree char *path = g_build_filename (dir, "nobody", NULL);
  g_autoptr(RpWatchdog) watchdog = NULL;

  g_assert_true (g_setenv ("NOTIFY_SOCKET", path, TRUE));
  watchdog = rp_watchdog_new ();
  g_assert_true (rp_watchdog_is_enabled (watchdog));
  g_assert_false (rp_watchdog_notify (watchdog, "STATUS=hello"));
  rp_watchdog_ready (watchdog);
  g_assert_finalize_object (g_steal_pointer (&watchdog));
  g_unsetenv ("NOTIFY_SOCKET");
}

static gboolean
give_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* WATCHDOG_USEC asks for pings; they come from the main loop, so a hung
 * loop stops them. */
static void
test_pings_from_main_loop (void)
{
  Manager m = { 0 };
  g_autoptr(RpWatchdog) watchdog = NULL;
  gboolean timed_out = FALSE;
  guint timeout;

  manager_bind (&m, FALSE);
  g_assert_true (g_setenv ("WATCHDOG_USEC", "20000", TRUE));
  watchdog = rp_watchdog_new ();
  rp_watchdog_ready (watchdog);

  /* Not one ping before the loop turns. */
  manager_drain (&m);
  g_assert_cmpuint (manager_count (&m, "READY=1"), ==, 1);
  g_assert_cmpuint (manager_count (&m, "WATCHDOG=1"), ==, 0);

  timeout = g_timeout_add_seconds (10, give_up, &timed_out);
  while (manager_count (&m, "WATCHDOG=1") < 3 && !timed_out)
    {
      g_main_context_iteration (NULL, TRUE);
      manager_drain (&m);
    }
  g_assert_false (timed_out);
  g_source_remove (timeout);
  g_assert_cmpuint (manager_count (&m, "READY=1"), ==, 1);

  /* Finalizing stops the pings: its main-loop source goes with it. */
  g_assert_finalize_object (g_steal_pointer (&watchdog));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  manager_clear (&m);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Watchdog/disabled-without-socket", test_disabled_without_socket);
  g_test_add_func ("/ReadingPoint/Watchdog/refuses-other-names", test_refuses_other_names);
  g_test_add_func ("/ReadingPoint/Watchdog/ready-once", test_ready_once);
  g_test_add_func ("/ReadingPoint/Watchdog/notify-abstract-socket", test_notify_abstract_socket);
  g_test_add_func ("/ReadingPoint/Watchdog/notify-without-listener", test_notify_without_listener);
  g_test_add_func ("/ReadingPoint/Watchdog/pings-from-main-loop", test_pings_from_main_loop);

  return g_test_run ();
}
