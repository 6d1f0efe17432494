package app.duet.accounts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short, human description of a device from its User-Agent, such as "Firefox on Linux", for
 * the list of signed-in sessions. A guess, never trusted for anything; at most 64 characters.
 */
final class ClientDescription {
    static final int MAX_LENGTH = 64;
    private static final Pattern FIRST_PRODUCT = Pattern.compile("^([A-Za-z][A-Za-z0-9._-]{0,30})");

    private ClientDescription() { }

    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) return "Unknown device";
        String ua = userAgent.length() > 512 ? userAgent.substring(0, 512) : userAgent;
        String browser = browser(ua);
        String os = os(ua);
        String out;
        if (browser != null && os != null) out = browser + " on " + os;
        else if (browser != null) out = browser;
        else if (os != null) out = "A browser on " + os;
        else {
            Matcher m = FIRST_PRODUCT.matcher(ua.strip());
            out = m.find() ? m.group(1) : "Unknown device";
        }
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out;
    }

    /** Order matters: Edge and Opera say "Chrome", Chrome says "Safari". */
    private static String browser(String ua) {
        if (ua.contains("Edg/") || ua.contains("Edge/")) return "Edge";
        if (ua.contains("OPR/") || ua.contains("Opera")) return "Opera";
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) return "Firefox";
        if (ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS/")) return "Chrome";
        if (ua.contains("Safari/")) return "Safari";
        if (ua.startsWith("curl/")) return "curl";
        if (ua.startsWith("Java-http-client") || ua.startsWith("Java/")) return "Java client";
        return null;
    }

    private static String os(String ua) {
        if (ua.contains("iPhone")) return "iPhone";
        if (ua.contains("iPad")) return "iPad";
        if (ua.contains("Android")) return "Android";
        if (ua.contains("Windows")) return "Windows";
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) return "macOS";
        if (ua.contains("CrOS")) return "ChromeOS";
        if (ua.contains("Linux")) return "Linux";
        return null;
    }
}
