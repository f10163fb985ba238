/* rp-publish-check.h — readingpoint-publish check PDF_OR_IMAGE... [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* argv[0] is "check". Exit status: 0 every file draws, 1 some file is
 * broken (each named with its reason), 2 usage error. */
int rp_publish_check_main (int    argc,
                           char **argv);
