package app.duet.testing;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Pictures made for tests: plain PNGs and JPEGs, and a JPEG carrying an EXIF block with a GPS position. */
public final class Pictures {
    /** Text inside the EXIF block (its ImageDescription), easy to look for in served bytes. */
    public static final String EXIF_MARK = "DUET-SECRET-LOCATION";

    private Pictures() { }

    public static BufferedImage image(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.ORANGE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return img;
    }

    public static byte[] png(int w, int h) {
        return encode(image(w, h), "png");
    }

    public static byte[] jpeg(int w, int h) {
        return encode(image(w, h), "jpeg");
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG with an APP1 EXIF segment right after SOI: IFD0 holds an ImageDescription
     * ({@link #EXIF_MARK}) and a GPS IFD pointer; the GPS IFD holds latitude 48°51'30" N and
     * longitude 2°17'40" E (the Eiffel Tower).
     */
    public static byte[] jpegWithGps(int w, int h) {
        return withExif(jpeg(w, h), tiffWithGps());
    }

    /** A JPEG whose EXIF says to show it turned: 6 is a quarter turn clockwise (a phone held upright). */
    public static byte[] jpegWithOrientation(int w, int h, int orientation) {
        ByteBuffer b = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        b.putShort((short) 1);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putInt(0);
        return withExif(jpeg(w, h), b.array());
    }

    private static byte[] withExif(byte[] plain, byte[] tiff) {
        byte[] exifHeader = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int segmentLength = 2 + exifHeader.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1); // APP1
        out.write(segmentLength >> 8);
        out.write(segmentLength & 0xFF);
        out.write(exifHeader, 0, exifHeader.length);
        out.write(tiff, 0, tiff.length);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    private static byte[] tiffWithGps() {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        byte[] description = (EXIF_MARK + "\0").getBytes(StandardCharsets.US_ASCII);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        // IFD0 at 8: 2 entries, then next-IFD offset 0
        int ifd0 = 8;
        int ifd0Size = 2 + 2 * 12 + 4;
        int descOffset = ifd0 + ifd0Size;
        int gpsIfd = descOffset + description.length + (description.length % 2);
        b.putShort((short) 2);
        b.putShort((short) 0x010E).putShort((short) 2).putInt(description.length).putInt(descOffset); // ImageDescription
        b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);                    // GPSInfo IFD pointer
        b.putInt(0);
        b.put(description);
        if (description.length % 2 == 1) b.put((byte) 0);
        // GPS IFD: 4 entries
        int gpsSize = 2 + 4 * 12 + 4;
        int latOffset = gpsIfd + gpsSize;
        int lonOffset = latOffset + 24;
        b.putShort((short) 4);
        b.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0); // GPSLatitudeRef
        b.putShort((short) 2).putShort((short) 5).putInt(3).putInt(latOffset);                                 // GPSLatitude
        b.putShort((short) 3).putShort((short) 2).putInt(2).put((byte) 'E').put((byte) 0).putShort((short) 0); // GPSLongitudeRef
        b.putShort((short) 4).putShort((short) 5).putInt(3).putInt(lonOffset);                                 // GPSLongitude
        b.putInt(0);
        b.putInt(48).putInt(1).putInt(51).putInt(1).putInt(30).putInt(1);
        b.putInt(2).putInt(1).putInt(17).putInt(1).putInt(40).putInt(1);
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }

    /** Whether {@code haystack} contains {@code needle}. */
    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    /** Whether a JPEG has an APP1 segment (EXIF or XMP) among its headers. */
    public static boolean hasApp1(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xE1) return true;
            if (marker == 0xDA) return false; // start of scan: headers are over
            int len = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            i += 2 + len;
        }
        return false;
    }
}
