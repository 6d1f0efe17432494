package app.duet.files;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * A JPEG's EXIF orientation (tag 0x0112 of IFD0), read before its metadata is dropped, and applied
 * to the pixels instead, so a phone's upright photo stays upright once re-encoded without EXIF.
 * Reads only the first APP1 segment's IFD0, with every offset checked against the bounds.
 */
final class ExifOrientation {
    private ExifOrientation() { }

    /** 1 (as stored) to 8; 1 when there is none or it cannot be read. */
    static int of(byte[] jpeg) {
        try {
            int i = 2;
            while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
                int marker = jpeg[i + 1] & 0xFF;
                if (marker == 0xDA || marker == 0xD9) return 1; // the image data: no EXIF before it
                int len = u16(jpeg, i + 2, false);
                if (len < 2) return 1;
                if (marker == 0xE1 && len >= 8 && i + 4 + 6 <= jpeg.length
                        && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x' && jpeg[i + 6] == 'i' && jpeg[i + 7] == 'f') {
                    return fromTiff(jpeg, i + 10, Math.min(jpeg.length, i + 2 + len));
                }
                i += 2 + len;
            }
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int start, int end) {
        if (start + 8 > end) return 1;
        boolean little = b[start] == 'I' && b[start + 1] == 'I';
        if (!little && !(b[start] == 'M' && b[start + 1] == 'M')) return 1;
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > end) return 1;
        int at = (int) (start + ifd);
        int entries = u16(b, at, little);
        for (int k = 0; k < entries; k++) {
            int e = at + 2 + 12 * k;
            if (e + 12 > end) return 1;
            if (u16(b, e, little) == 0x0112) {
                int v = u16(b, e + 8, little); // SHORT, inline
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little ? (u16(b, i, true) | (long) u16(b, i + 2, true) << 16) : ((long) u16(b, i, false) << 16 | u16(b, i + 2, false));
    }

    /** The image turned and flipped as {@code orientation} says it should be shown. */
    static BufferedImage apply(BufferedImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) return img;
        int w = img.getWidth();
        int h = img.getHeight();
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.scale(-1, 1); t.translate(-w, 0); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.scale(1, -1); t.translate(0, -h); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { return img; }
        }
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h,
                img.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(img, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
