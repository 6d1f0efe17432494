package app.duet.files;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Pictures re-encoded with the JDK's ImageIO, which writes none of the source's metadata (EXIF with
 * its GPS position, XMP, comments): only the pixels go through. The dimensions are read from the
 * header first, and a picture over the pixel bound is refused before anything is decoded
 * (decompression bombs). A GIF keeps its first frame only.
 */
final class Pictures {
    /** The longer side of a thumbnail, in pixels. */
    static final int THUMBNAIL = 320;
    private static final float JPEG_QUALITY = 0.88f;

    /** A picture as served: its bytes, its type, its size, and its thumbnail (always a JPEG). */
    @SuppressWarnings("ArrayRecordComponent") // a private carrier of fresh arrays, never compared or shared
    record Reencoded(byte[] bytes, String type, int width, int height, byte[] thumbnail) { }

    /** More pixels than allowed: refused before decoding. */
    static final class TooManyPixels extends Exception {
        TooManyPixels() {
            super(null, null, false, false);
        }
    }

    private Pictures() { }

    /**
     * @return the picture re-encoded, or empty if it cannot be decoded (then it is kept as a plain file)
     * @throws TooManyPixels if it has more than {@code maxPixels} pixels
     */
    static Optional<Reencoded> reencode(byte[] original, String type, long maxPixels) throws TooManyPixels {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(original))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return Optional.empty();
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true); // ignoring metadata: it is never read, so never kept
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) return Optional.empty();
                if (w * h > maxPixels) throw new TooManyPixels();
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // e.g. a CMYK JPEG, a truncated file: served as a file instead
        }
        try {
            if (FileTypes.JPEG.equals(type)) image = ExifOrientation.apply(image, ExifOrientation.of(original)); // upright, as shown
            String outType = FileTypes.GIF.equals(type) ? FileTypes.GIF : FileTypes.PNG.equals(type) ? FileTypes.PNG : FileTypes.JPEG;
            byte[] bytes = switch (outType) {
                case FileTypes.JPEG -> jpeg(opaque(image));
                case FileTypes.PNG -> write(image, "png");
                default -> write(image, "gif");
            };
            return Optional.of(new Reencoded(bytes, outType, image.getWidth(), image.getHeight(), jpeg(thumbnail(image))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] write(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) throw new IOException("no writer for " + format);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param); // no metadata written
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The image on white, without alpha (JPEG has none). */
    private static BufferedImage opaque(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) return image;
        return scaled(image, image.getWidth(), image.getHeight());
    }

    private static BufferedImage thumbnail(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.min(1.0, (double) THUMBNAIL / Math.max(w, h));
        return scaled(image, Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale)));
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
