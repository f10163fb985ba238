/* rp-catalogue-schema.h — the catalogue.db schema, shared by writer and reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Bump when the layout changes; a reader refuses a database of another
 * version instead of guessing (catalogue.db is always rebuilt locally from the
 * signed catalogue.json, so a mismatch is fixed by rebuilding, never by migration). */
#define RP_CATALOGUE_SCHEMA_VERSION 4

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
  "  broken TEXT,"                                                               \
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

/* Search (rp-search-indexer.c). Rows of the full-text tables are numbered
 * by recency, r (1 = oldest), so "ORDER BY rowid DESC" walks matches newest
 * first and stops early. search_text rows are numbered densely in the same
 * order (small rowid deltas keep its posting lists at a byte or two per
 * row); search_part maps each to key = r << 24 | part, part 0 the body and
 * (attachment << 16 | page) a PDF page. search_text keeps no positions
 * (detail=none, a quarter of the size): rows it returns are checked against
 * the text by rp_search_query_check. The FTS5 tables are contentless:
 * snippets are cut from the entries and search_pages text by
 * rp-search-snippet.c. search_title is the first tier, apart from
 * search_head (organ, summary) so that its posting lists, walked to the end
 * by any query with fewer than a hundred title hits, hold titles only. */
#define RP_SEARCH_PAGES_SQL                                                      \
  "CREATE TABLE IF NOT EXISTS search_pages ("                                    \
  "  entry INTEGER NOT NULL REFERENCES entries(rowid),"                          \
  "  attachment INTEGER NOT NULL,"                                               \
  "  page INTEGER NOT NULL," /* from 1 */                                        \
  "  text TEXT NOT NULL,"                                                        \
  "  PRIMARY KEY (entry, attachment, page));"
#define RP_SEARCH_SCHEMA_SQL                                                     \
  RP_SEARCH_PAGES_SQL                                                            \
  "CREATE TABLE search_entry ("                                                  \
  "  r INTEGER PRIMARY KEY,"                                                     \
  "  entry INTEGER NOT NULL UNIQUE REFERENCES entries(rowid),"                   \
  "  category TEXT NOT NULL,"                                                    \
  "  organ TEXT NOT NULL,"                                                       \
  "  year INTEGER,"                                                              \
  "  genre TEXT);"                                                               \
  "CREATE VIRTUAL TABLE search_title USING fts5("                                \
  "  title, keywords, doc_number, content='', tokenize='rp');"                   \
  "CREATE VIRTUAL TABLE search_head USING fts5("                                 \
  "  organ, summary, content='', tokenize='rp');"                                \
  "CREATE VIRTUAL TABLE search_pinyin USING fts5("                               \
  "  pinyin, content='', tokenize='rp pretokenized');"                           \
  "CREATE TABLE search_part (n INTEGER PRIMARY KEY, key INTEGER NOT NULL);"     \
  "CREATE VIRTUAL TABLE search_text USING fts5("                                 \
  "  text, content='', columnsize=0, detail=none, tokenize='rp');"
