/* test-sha256.c — the hash every installed object passes through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-sha256.h"
#include "rp-test-util.h"

static char *
hash_of (const char *data,
         gsize       length)
{
  g_autoptr(RpSha256) sha = rp_sha256_new ();

  rp_sha256_update (sha, data, length);
  return rp_sha256_finish (sha);
}

/* FIPS 180-2's examples. */
static void
test_known_answers (void)
{
  g_autofree char *empty = hash_of ("", 0);
  g_autofree char *abc = hash_of ("abc", 3);
  g_autofree char *two_blocks = hash_of ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (two_blocks, ==, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  /* What the manifest accepts as a hash. */
  g_assert_true (rp_sha256_is_valid (abc));
}

/* Pieces of any size hash as the whole: a transfer arrives in reads. */
static void
test_pieces_equal_whole (void)
{
  gsize length = 1 << 20;
  g_autofree guchar *data = g_malloc (length);
  g_autofree char *whole = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(RpSha256) sha = rp_sha256_new ();
  GRand *rand = g_rand_new_with_seed (17);

  for (gsize i = 0; i < length; i++)
    data[i] = g_rand_int (rand) & 0xff;
  reference = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
  for (gsize done = 0; done < length;)
    {
      gsize piece = g_rand_int_range (rand, 0, 70000);

      piece = MIN (piece, length - done);

      rp_sha256_update (sha, data + done, piece);
      done += piece;
    }
  whole = rp_sha256_finish (sha);
  g_assert_cmpstr (whole, ==, reference);
  g_rand_free (rand);
}

/* finish() starts again from empty (the sink's restart relies on it). */
static void
test_finish_resets (void)
{
  g_autoptr(RpSha256) sha = rp_sha256_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  rp_sha256_update (sha, "abc", 3);
  first = rp_sha256_finish (sha);
  second = rp_sha256_finish (sha);
  rp_sha256_update (sha, "abc", 3);
  third = rp_sha256_finish (sha);
  g_assert_cmpstr (first, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (second, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (third, ==, first);
}

static void
test_is_valid (void)
{
  g_assert_false (rp_sha256_is_valid (NULL));
  g_assert_false (rp_sha256_is_valid (""));
  g_assert_false (rp_sha256_is_valid ("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  g_assert_false (rp_sha256_is_valid ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"));
  g_assert_false (rp_sha256_is_valid ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad "));
  g_assert_false (rp_sha256_is_valid ("../../7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Sha256/known-answers", test_known_answers);
  g_test_add_func ("/ReadingPoint/Sha256/pieces-equal-whole", test_pieces_equal_whole);
  g_test_add_func ("/ReadingPoint/Sha256/finish-resets", test_finish_resets);
  g_test_add_func ("/ReadingPoint/Sha256/is-valid", test_is_valid);

  return g_test_run ();
}
