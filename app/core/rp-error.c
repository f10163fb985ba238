/* rp-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "rp-error.h"

G_DEFINE_QUARK (rp-error-quark, rp_error)
