/* rp-minisign.h — minisign-compatible keys and signatures (Ed25519 over BLAKE2b-512)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Formats as in minisign 0.11 (https://jedisct1.github.io/minisign/):
 * public key "Ed" + key id + 32-byte key; signature "ED" (prehashed) + key
 * id + 64-byte signature, a trusted comment, and a global signature over
 * signature || trusted comment. Only prehashed ("ED") signatures are
 * accepted. All functions are thread-safe (no shared state).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RP_MINISIGN_MAX_SIGNATURE_SIZE 4096

typedef struct _RpMinisignKey       RpMinisignKey;
typedef struct _RpMinisignSecretKey RpMinisignSecretKey;
typedef struct _RpMinisignSignature RpMinisignSignature;

/* Parses a public key file's text, or just its base64 line. (transfer full) */
RpMinisignKey       *rp_minisign_key_parse                 (const char          *text,
                                                            gsize                length,
                                                            GError             **error);
RpMinisignKey       *rp_minisign_key_load                  (const char          *path,
                                                            GError             **error);
RpMinisignKey       *rp_minisign_key_copy                  (const RpMinisignKey *key);
void                 rp_minisign_key_free                  (RpMinisignKey       *key);
/* (transfer full): the key id as minisign prints it, 16 upper-case hex digits. */
char                *rp_minisign_key_get_id                (const RpMinisignKey *key);
/* (transfer full): a complete public key file. */
char                *rp_minisign_key_to_text               (const RpMinisignKey *key);

RpMinisignSecretKey *rp_minisign_secret_key_generate       (void);
/* Reads an unencrypted minisign secret key (minisign -G -W, or ours). */
RpMinisignSecretKey *rp_minisign_secret_key_load           (const char          *path,
                                                            GError             **error);
void                 rp_minisign_secret_key_free           (RpMinisignSecretKey *key);
/* (transfer full) */
RpMinisignKey       *rp_minisign_secret_key_get_public     (const RpMinisignSecretKey *key);
/* (transfer full): a complete secret key file (unencrypted, as minisign -W). */
char                *rp_minisign_secret_key_to_text        (const RpMinisignSecretKey *key);
/* (transfer full): a complete .minisig file for @message. @trusted_comment
 * must be one line. */
char                *rp_minisign_sign                      (const RpMinisignSecretKey *key,
                                                            const guint8        *message,
                                                            gsize                length,
                                                            const char          *trusted_comment);

RpMinisignSignature *rp_minisign_signature_parse           (const char          *text,
                                                            gsize                length,
                                                            GError             **error);
void                 rp_minisign_signature_free            (RpMinisignSignature *signature);
/* (transfer full) */
char                *rp_minisign_signature_get_key_id      (const RpMinisignSignature *signature);
const char          *rp_minisign_signature_get_trusted_comment (const RpMinisignSignature *signature);
/* Looks up "NAME:VALUE" among the tab- or space-separated fields of the
 * trusted comment. (transfer full) (nullable) */
char                *rp_minisign_signature_get_field       (const RpMinisignSignature *signature,
                                                            const char          *name);
/* Checks the signature over @message and the global signature over the
 * trusted comment, both with @key. */
gboolean             rp_minisign_verify                    (const RpMinisignKey       *key,
                                                            const RpMinisignSignature *signature,
                                                            const guint8        *message,
                                                            gsize                length,
                                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpMinisignKey, rp_minisign_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpMinisignSecretKey, rp_minisign_secret_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpMinisignSignature, rp_minisign_signature_free)

G_END_DECLS
