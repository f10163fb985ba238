#!/usr/bin/env python3
# make-test-pdfs.py DIR — writes the PDFs the render tests and the benchmark
# use, good and hostile, generated at run time (no binaries in the tree).
#
#   good.pdf            8 pages of text; page 1 links to page 3 (GoTo),
#                       to a web address (URI) and to a program (Launch)
#   long.pdf            500 pages of text (benchmark, cache budget)
#   empty.pdf           0 bytes
#   truncated.pdf       good.pdf cut at 40 %
#   corrupted-xref.pdf  xref, trailer and object headers overwritten
#   zero-pages.pdf      a page tree with no kids
#   huge-mediabox.pdf   one page 1 000 000 pt square
#   recursive-pages.pdf a page tree whose kid is itself
#   encrypted.pdf       good.pdf with a user password (qpdf)
#   slow.pdf            page 1: 2 million tiny fills (takes seconds); page 2: one
#   slow-when-large.pdf one page of 50 000 translucent fills of the whole page:
#                       a fraction of a second at thumbnail size, minutes at
#                       1920 px (the work grows with the pixels drawn)
import os
import shutil
import subprocess
import sys
import zlib


def pdf(objects, root=1, extra_trailer=b""):
    """objects: list of bytes bodies, numbered from 1."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, extra_trailer, xref)
    return bytes(out)


def stream(data, compress=False):
    if compress:
        data = zlib.compress(data, 6)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


WORDS = ("Reading Point district disclosure catalogue budget report enrolment "
         "relocation compensation standard notice public information request").split()


def text_pages(n_pages, links=False):
    # 1 catalog, 2 pages, 3 font, then per page: page, content; then annots
    objects = [None, None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    page_ids = []
    for p in range(n_pages):
        page_ids.append(len(objects) + 1)
        objects += [None, None]
    annots = []
    if links and n_pages >= 3:
        base = len(objects) + 1
        objects.append(b"<< /Type /Annot /Subtype /Link /Rect [72 640 300 660] /Border [0 0 0] "
                       b"/Dest [%d 0 R /XYZ 0 792 0] >>" % page_ids[2])
        objects.append(b"<< /Type /Annot /Subtype /Link /Rect [72 610 300 630] /Border [0 0 0] "
                       b"/A << /S /URI /URI (https://example.org/outside) >> >>")
        objects.append(b"<< /Type /Annot /Subtype /Link /Rect [72 580 300 600] /Border [0 0 0] "
                       b"/A << /S /Launch /F (/bin/sh) >> >>")
        annots = [base, base + 1, base + 2]
    for p in range(n_pages):
        lines = [b"BT /F1 28 Tf 72 720 Td (Page %d of %d) Tj ET" % (p + 1, n_pages)]
        if links and p == 0:
            lines.append(b"BT /F1 14 Tf 72 645 Td (Go to page 3) Tj ET")
            lines.append(b"BT /F1 14 Tf 72 615 Td (Visit the website) Tj ET")
            lines.append(b"BT /F1 14 Tf 72 585 Td (Run a program) Tj ET")
        y = 540
        for i in range(28):
            words = " ".join(WORDS[(p * 7 + i * 3 + k) % len(WORDS)] for k in range(9))
            if i == 5:
                words = "The annual disclosure report for page %d" % (p + 1)
            lines.append(b"BT /F1 12 Tf 72 %d Td (%s) Tj ET" % (y, words.encode()))
            y -= 17
        lines.append(b"0.1 0.3 0.6 rg 72 40 451 -0 re f 72 30 451 12 re f")
        content = b"\n".join(lines)
        pid = page_ids[p]
        annot = b" /Annots [%s]" % b" ".join(b"%d 0 R" % a for a in annots) if (annots and p == 0) else b""
        objects[pid - 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R%s >>" % (pid + 1, annot))
        objects[pid] = stream(content, compress=True)
        kids.append(b"%d 0 R" % pid)
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), n_pages)
    return pdf(objects)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    good = text_pages(8, links=True)
    write("good.pdf", good)
    write("long.pdf", text_pages(500))
    write("empty.pdf", b"")
    write("truncated.pdf", good[: len(good) * 2 // 5])

    damaged = bytearray(good)
    x = damaged.rfind(b"xref")
    damaged[x:] = b"xref\n0 9\n" + b"9999999999 00000 n \n" * 9 + b"trailer\n<< /Size 3 /Root 77 0 R >>\nstartxref\n17\n%%EOF\n"
    damaged = bytes(damaged).replace(b" 0 obj", b" 0 jbo")
    write("corrupted-xref.pdf", damaged)

    write("zero-pages.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                 b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    write("huge-mediabox.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1000000 1000000] /Contents 4 0 R >>",
        stream(b"0 0 1 rg 0 0 1000000 1000000 re f")]))
    write("recursive-pages.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>"]))
    row = b"".join(b"%d %d 1 1 re f\n" % (i % 600, i // 600) for i in range(600 * 8))
    ops = row * 400
    write("slow.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(ops, compress=True),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>",
        stream(b"0 0 1 rg 72 72 200 200 re f")]))

    # A form drawn 50 000 times from another: a small file whose cost is
    # in the pixels, not in poppler's parsing.
    fill = b"/G gs 0.2 0.4 0.8 rg 0 0 612 792 re f"
    repeat = b"/A Do\n" * 50000
    write("slow-when-large.pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /B 6 0 R >> >> /Contents 4 0 R >>",
        stream(b"/B Do"),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
        b"/Resources << /ExtGState << /G << /ca 0.02 >> >> >> /Length %d >>\nstream\n" % len(fill)
        + fill + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /A 5 0 R >> >> "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(zlib.compress(repeat, 6))
        + zlib.compress(repeat, 6) + b"\nendstream"]))

    qpdf = shutil.which("qpdf")
    if qpdf is None:
        sys.exit("make-test-pdfs: qpdf is missing (build-aux/install-deps installs it)")
    subprocess.run([qpdf, "--encrypt", "secret-user", "secret-owner", "256", "--",
                    os.path.join(out, "good.pdf"), os.path.join(out, "encrypted.pdf")], check=True)


if __name__ == "__main__":
    main()
