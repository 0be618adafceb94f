#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks a PNG the way a person would: its size, some pixels, not blank.

  pngcheck.py FILE WIDTH HEIGHT [X,Y,R,G,B ...]

Decodes the PNG (zlib and the five row filters, 8-bit RGB or RGBA, no
interlace: what Chromium writes), then checks the size, that each listed
pixel has that colour (within 8 per channel), and that the image has at
least 3 colours. Prints "ok ..." and exits 0, or prints what is wrong and
exits 1. Python 3 standard library only.
"""

import struct
import sys
import zlib


def decode(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("unsupported PNG (depth %d, type %d, interlace %d)"
                         % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 0 or (f == 2 and not any(line)):
            # nothing to undo, or a row that repeats the one above
            line = line if f == 0 else bytearray(prev)
            rows.append(bytes(line))
            prev = line
            continue
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path, "rb") as f:
        w, h, bpp, rows = decode(f.read())
    if (w, h) != (want_w, want_h):
        print("size %dx%d, want %dx%d" % (w, h, want_w, want_h))
        return 1
    for spec in sys.argv[4:]:
        x, y, r, g, b = (int(v) for v in spec.split(","))
        px = rows[y][x * bpp:x * bpp + 3]
        if any(abs(px[k] - (r, g, b)[k]) > 8 for k in range(3)):
            print("pixel %d,%d is %s, want %s" % (x, y, tuple(px),
                                                  (r, g, b)))
            return 1
    colours = set()
    for y in range(0, h, max(1, h // 50)):
        row = rows[y]
        for x in range(0, w, max(1, w // 50)):
            colours.add(row[x * bpp:x * bpp + 3])
    if len(colours) < 3:
        print("blank: %d colours" % len(colours))
        return 1
    print("ok %dx%d, %d colours sampled" % (w, h, len(colours)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
