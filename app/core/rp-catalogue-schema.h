/* rp-catalogue-schema.h — the catalogue.db schema, shared by writer and reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Bump when the layout changes; a reader refuses a database of another
 * version instead of guessing (catalogue.db is always rebuilt locally from the
 * signed catalogue.json, so a mismatch is fixed by rebuilding, never by migration). */
#define RP_CATALOGUE_SCHEMA_VERSION 1

#define RP_CATALOGUE_SCHEMA_SQL                                                  \
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"               \
  "CREATE TABLE categories ("                                                    \
  "  id TEXT PRIMARY KEY,"                                                       \
  "  name TEXT NOT NULL,"                                                        \
  "  parent TEXT REFERENCES categories(id),"                                     \
  "  position INTEGER NOT NULL,"                                                 \
  "  direct_count INTEGER NOT NULL DEFAULT 0,"                                   \
  "  total_count INTEGER NOT NULL DEFAULT 0);"                                   \
  "CREATE TABLE entries ("                                                       \
  "  rowid INTEGER PRIMARY KEY,"                                                 \
  "  id TEXT NOT NULL UNIQUE,"                                                   \
  "  title TEXT NOT NULL,"                                                       \
  "  organ TEXT NOT NULL,"                                                       \
  "  doc_number TEXT,"                                                           \
  "  date TEXT,"                                                                 \
  "  category TEXT NOT NULL REFERENCES categories(id),"                          \
  "  genre TEXT,"                                                                \
  "  keywords TEXT,"                                                             \
  "  summary TEXT,"                                                              \
  "  body TEXT,"                                                                 \
  "  url TEXT,"                                                                  \
  "  validity TEXT);"                                                            \
  "CREATE TABLE attachments ("                                                   \
  "  entry INTEGER NOT NULL REFERENCES entries(rowid),"                          \
  "  position INTEGER NOT NULL,"                                                 \
  "  path TEXT NOT NULL,"                                                        \
  "  title TEXT,"                                                                \
  "  type TEXT NOT NULL,"                                                        \
  "  sha256 TEXT NOT NULL,"                                                      \
  "  size INTEGER NOT NULL,"                                                     \
  "  PRIMARY KEY (entry, position)) WITHOUT ROWID;"                              \
  "CREATE TABLE related ("                                                       \
  "  entry INTEGER NOT NULL REFERENCES entries(rowid),"                          \
  "  position INTEGER NOT NULL,"                                                 \
  "  related_id TEXT NOT NULL,"                                                  \
  "  PRIMARY KEY (entry, position)) WITHOUT ROWID;"

/* Created after the bulk insert: building an index once is faster than
 * maintaining it row by row. */
#define RP_CATALOGUE_INDEX_SQL                                                   \
  "CREATE INDEX entries_by_category_date ON entries (category, date DESC, id);"  \
  "CREATE INDEX entries_by_date ON entries (date DESC, id);"
