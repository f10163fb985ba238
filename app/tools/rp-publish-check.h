/* rp-publish-check.h — readingpoint-publish check PDF_OR_IMAGE... [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rp-render-child.h"

#define RP_PUBLISH_CHECK_WIDTH 1920 /* a terminal's screen, drawn at fit width */

typedef struct
{
  char    *path;
  gboolean ok;
  guint    n_pages;
  guint    failed_page; /* from 1; 0: the whole file */
  char    *kind;        /* "pdf", "png", "jpeg" */
  char    *reason;      /* (nullable): why the file is broken */
} RpPublishCheckReport;

/* Checks one PDF or image under @limits in a child process, as `check`
 * does for each of its arguments (and `build` for each file of a source).
 * (transfer full) */
RpPublishCheckReport *rp_publish_check_file        (const char           *path,
                                                    int                   width,
                                                    const RpChildLimits  *limits);
void                  rp_publish_check_report_free (RpPublishCheckReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpPublishCheckReport, rp_publish_check_report_free)

/* argv[0] is "check". Exit status: 0 every file draws, 1 some file is
 * broken (each named with its reason), 2 usage error. */
int rp_publish_check_main (int    argc,
                           char **argv);
