/* rp-pin-pad.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-pin-pad.h"

#define MAX_DIGITS RP_ADMIN_PIN_MAX_DIGITS

typedef enum
{
  STEP_CHECK,        /* the PIN in force */
  STEP_CURRENT,      /* changing: the PIN in force first */
  STEP_CHOOSE,       /* a new PIN */
  STEP_CONFIRM,      /* the new PIN again */
  STEP_NOT_SET,      /* no PIN was provisioned: the pad stays shut */
} Step;

struct _RpPinPad
{
  GtkWidget   parent_instance;

  RpAdminPin *pin;
  Step        step;
  GString    *digits;
  char       *current;   /* STEP_CURRENT's PIN, kept until the change is made */
  char       *chosen;    /* STEP_CHOOSE's PIN, until confirmed */

  GtkWidget  *scroller;  /* the template's child: dispose_template unparents it */
  GtkWidget  *box;
  GtkLabel   *prompt_label;
  GtkLabel   *display_label;
  GtkLabel   *message_label;
  GtkGrid    *grid;
};

G_DEFINE_FINAL_TYPE (RpPinPad, rp_pin_pad, GTK_TYPE_WIDGET)

enum { ACCEPTED, CANCELLED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
clear_digits (RpPinPad *self)
{
  memset (self->digits->str, 0, self->digits->len);
  g_string_truncate (self->digits, 0);
}

static void
update_display (RpPinPad *self)
{
  g_autoptr(GString) dots = g_string_new (NULL);

  for (gsize i = 0; i < self->digits->len; i++)
    g_string_append (dots, "●");
  gtk_label_set_text (self->display_label, dots->len ? dots->str : " ");
}

static void
set_keys_enabled (RpPinPad *self,
                  gboolean  enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.digit", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.erase", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.ok", enabled);
  gtk_widget_set_visible (GTK_WIDGET (self->grid), enabled);
  gtk_widget_set_visible (GTK_WIDGET (self->display_label), enabled);
}

static void
set_step (RpPinPad   *self,
          Step        step,
          const char *message)
{
  const char *prompt = NULL;

  self->step = step;
  switch (step)
    {
    case STEP_CHECK:
      prompt = _("Enter the administrator PIN");
      break;
    case STEP_CURRENT:
      prompt = _("Enter the current PIN");
      break;
    case STEP_CHOOSE:
      prompt = _("Choose a new PIN (6 to 12 digits)");
      break;
    case STEP_CONFIRM:
      prompt = _("Enter the new PIN again");
      break;
    case STEP_NOT_SET:
      prompt = _("Administration is not available");
      /* Translators: keep the command as it is; it is typed in a shell. */
      message = _("No administrator PIN is set on this terminal. Set one with: readingpoint-admin pin set");
      break;
    }
  set_keys_enabled (self, step != STEP_NOT_SET);
  gtk_label_set_text (self->prompt_label, prompt);
  gtk_label_set_text (self->message_label, message ? message : "");
  clear_digits (self);
  update_display (self);
}

static void
restart (RpPinPad   *self,
         RpAdminPin *pin,
         gboolean    change)
{
  g_set_object (&self->pin, pin);
  wipe (&self->current);
  wipe (&self->chosen);
  /* Never a first PIN chosen here: whoever reached the pad first would
   * own the terminal. Provisioning sets it (readingpoint-admin pin set). */
  if (!rp_admin_pin_is_set (pin))
    set_step (self, STEP_NOT_SET, NULL);
  else
    set_step (self, change ? STEP_CURRENT : STEP_CHECK, NULL);
}

void
rp_pin_pad_start (RpPinPad   *self,
                  RpAdminPin *pin)
{
  g_return_if_fail (RP_IS_PIN_PAD (self));
  g_return_if_fail (RP_IS_ADMIN_PIN (pin));
  restart (self, pin, FALSE);
}

void
rp_pin_pad_start_change (RpPinPad   *self,
                         RpAdminPin *pin)
{
  g_return_if_fail (RP_IS_PIN_PAD (self));
  g_return_if_fail (RP_IS_ADMIN_PIN (pin));
  restart (self, pin, TRUE);
}

/* "Try again in …": seconds under a minute, else whole minutes rounded up
 * (the delays run from 30 s to an hour). */
static char *
wait_message (gboolean wrong,
              guint    wait)
{
  guint minutes = (wait + 59) / 60;

  if (wait < 60)
    return g_strdup_printf (wrong ? g_dngettext (GETTEXT_PACKAGE, "Wrong PIN. Try again in %u second.",
                                                 "Wrong PIN. Try again in %u seconds.", wait)
                                  : g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u second.",
                                                 "Too many wrong PINs. Try again in %u seconds.", wait),
                            wait);
  return g_strdup_printf (wrong ? g_dngettext (GETTEXT_PACKAGE, "Wrong PIN. Try again in %u minute.",
                                               "Wrong PIN. Try again in %u minutes.", minutes)
                                : g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u minute.",
                                               "Too many wrong PINs. Try again in %u minutes.", minutes),
                          minutes);
}

static void
submit (RpPinPad *self)
{
  g_autofree char *entered = g_strdup (self->digits->str);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  guint wait = 0;

  if (self->pin == NULL || self->step == STEP_NOT_SET)
    return;
  if (!rp_admin_pin_is_well_formed (entered))
    {
      set_step (self, self->step, _("A PIN has 6 to 12 digits."));
      return;
    }

  switch (self->step)
    {
    case STEP_CHECK:
    case STEP_CURRENT:
      switch (rp_admin_pin_check (self->pin, entered, NULL, &wait))
        {
        case RP_PIN_ACCEPTED:
          if (self->step == STEP_CURRENT)
            {
              self->current = g_strdup (entered);
              set_step (self, STEP_CHOOSE, NULL);
            }
          else
            {
              set_step (self, STEP_CHECK, NULL);
              g_signal_emit (self, signals[ACCEPTED], 0);
            }
          break;
        case RP_PIN_WRONG:
          message = wait > 0 ? wait_message (TRUE, wait) : NULL;
          set_step (self, self->step, message ? message : _("Wrong PIN."));
          break;
        case RP_PIN_LOCKED:
          message = wait_message (FALSE, wait);
          set_step (self, self->step, message);
          break;
        case RP_PIN_NOT_SET:
          set_step (self, STEP_NOT_SET, NULL);
          break;
        }
      break;

    case STEP_NOT_SET:
      break;

    case STEP_CHOOSE:
      self->chosen = g_strdup (entered);
      set_step (self, STEP_CONFIRM, NULL);
      break;

    case STEP_CONFIRM:
      if (g_strcmp0 (entered, self->chosen) != 0)
        {
          wipe (&self->chosen);
          set_step (self, STEP_CHOOSE, _("The two PINs differ. Choose a PIN again."));
          break;
        }
      if (!rp_admin_pin_set (self->pin, self->current, entered, &error))
        {
          wipe (&self->chosen);
          /* A refused change (the current PIN went stale, a delay
           * started meanwhile) starts over from the PIN in force. */
          restart (self, self->pin, TRUE);
          set_step (self, self->step == STEP_NOT_SET ? STEP_NOT_SET : STEP_CURRENT, error->message);
          break;
        }
      wipe (&self->chosen);
      wipe (&self->current);
      set_step (self, STEP_CHECK, _("The PIN was changed."));
      g_signal_emit (self, signals[ACCEPTED], 0);
      break;
    }
  memset (entered, 0, strlen (entered));
}

static void
pin_digit (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  RpPinPad *self = RP_PIN_PAD (widget);
  const char *digit = g_variant_get_string (parameter, NULL);

  if (self->digits->len < MAX_DIGITS && g_ascii_isdigit (digit[0]) && digit[1] == '\0')
    g_string_append_c (self->digits, digit[0]);
  update_display (self);
}

static void
pin_erase (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  RpPinPad *self = RP_PIN_PAD (widget);

  if (self->digits->len > 0)
    {
      self->digits->str[self->digits->len - 1] = '\0';
      g_string_truncate (self->digits, self->digits->len - 1);
    }
  update_display (self);
}

static void
pin_ok (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  submit (RP_PIN_PAD (widget));
}

static void
pin_cancel (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RpPinPad *self = RP_PIN_PAD (widget);

  wipe (&self->chosen);
  wipe (&self->current);
  clear_digits (self);
  update_display (self);
  g_signal_emit (self, signals[CANCELLED], 0);
}

const char *
rp_pin_pad_get_prompt (RpPinPad *self)
{
  g_return_val_if_fail (RP_IS_PIN_PAD (self), NULL);
  return gtk_label_get_text (self->prompt_label);
}

const char *
rp_pin_pad_get_message (RpPinPad *self)
{
  g_return_val_if_fail (RP_IS_PIN_PAD (self), NULL);
  return gtk_label_get_text (self->message_label);
}

gboolean
rp_pin_pad_get_refusing (RpPinPad *self)
{
  g_return_val_if_fail (RP_IS_PIN_PAD (self), FALSE);
  return self->step == STEP_NOT_SET;
}

static void
rp_pin_pad_dispose (GObject *object)
{
  RpPinPad *self = RP_PIN_PAD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_PIN_PAD);
  g_clear_object (&self->pin);
  G_OBJECT_CLASS (rp_pin_pad_parent_class)->dispose (object);
}

static void
rp_pin_pad_finalize (GObject *object)
{
  RpPinPad *self = RP_PIN_PAD (object);

  clear_digits (self);
  g_string_free (self->digits, TRUE);
  wipe (&self->current);
  wipe (&self->chosen);
  G_OBJECT_CLASS (rp_pin_pad_parent_class)->finalize (object);
}

static void
rp_pin_pad_class_init (RpPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_pin_pad_dispose;
  object_class->finalize = rp_pin_pad_finalize;

  signals[ACCEPTED] = g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/readingpoint/ReadingPoint/rp-pin-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, RpPinPad, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpPinPad, box);
  gtk_widget_class_bind_template_child (widget_class, RpPinPad, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, RpPinPad, display_label);
  gtk_widget_class_bind_template_child (widget_class, RpPinPad, message_label);
  gtk_widget_class_bind_template_child (widget_class, RpPinPad, grid);

  gtk_widget_class_install_action (widget_class, "pin.digit", "s", pin_digit);
  gtk_widget_class_install_action (widget_class, "pin.erase", NULL, pin_erase);
  gtk_widget_class_install_action (widget_class, "pin.ok", NULL, pin_ok);
  gtk_widget_class_install_action (widget_class, "pin.cancel", NULL, pin_cancel);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "pin.ok", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "pin.erase", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "pin.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rp-pin-pad");
}

static void
rp_pin_pad_init (RpPinPad *self)
{
  static const char *keys = "123456789E0K";

  gtk_widget_init_template (GTK_WIDGET (self));
  self->digits = g_string_sized_new (MAX_DIGITS + 1);

  for (guint i = 0; keys[i]; i++)
    {
      GtkWidget *button;

      if (keys[i] == 'E')
        {
          button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pin.erase");
          gtk_widget_set_tooltip_text (button, _("Erase the last digit"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Erase the last digit"), -1);
        }
      else if (keys[i] == 'K')
        {
          button = gtk_button_new_with_label (_("OK"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pin.ok");
          gtk_widget_add_css_class (button, "suggested-action");
        }
      else
        {
          char digit[2] = { keys[i], '\0' };

          button = gtk_button_new_with_label (digit);
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", digit);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pin.digit");
        }
      gtk_widget_add_css_class (button, "rp-pin-key");
      gtk_grid_attach (self->grid, button, i % 3, i / 3, 1, 1);
    }
}

GtkWidget *
rp_pin_pad_new (void)
{
  return g_object_new (RP_TYPE_PIN_PAD, NULL);
}
