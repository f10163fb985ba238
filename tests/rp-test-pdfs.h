/* rp-test-pdfs.h — the good and hostile PDFs of make-test-pdfs.py
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* (transfer full): a fresh directory @name holding every PDF
 * make-test-pdfs.py writes (RP_MAKE_TEST_PDFS names the script). */
char *rp_test_make_pdfs (const char *name);

G_END_DECLS
