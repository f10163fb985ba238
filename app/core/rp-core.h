/* rp-core.h — everything app/core offers (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rp-attachment.h"
#include "rp-catalogue-builder.h"
#include "rp-catalogue.h"
#include "rp-category.h"
#include "rp-data-dir.h"
#include "rp-document.h"
#include "rp-entry.h"
#include "rp-error.h"
#include "rp-object-store.h"
#include "rp-qr.h"
#include "rp-watchdog.h"
